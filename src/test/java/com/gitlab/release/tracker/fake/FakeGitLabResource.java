package com.gitlab.release.tracker.fake;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.gitlab.release.tracker.demo.FakeGitLab;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a WireMock server carrying a {@link FakeGitLab} for the HTTP tests of one Quarkus start, points the
 * function at it, and injects it into the tests' fields marked {@link InjectFakeGitLab}.
 */
public class FakeGitLabResource implements QuarkusTestResourceLifecycleManager {

    private final FakeGitLab gitlab = new FakeGitLab();
    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = gitlab.serve(0);
        // The packaged function (PackagedFunctionIT) needs a function secret, as it does in production.
        return Map.of("tracker.gitlab.url", server.baseUrl(), "tracker.gitlab.token", "test-gitlab-token",
                "tracker.auth-token", "test-function-secret");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(gitlab, new TestInjector.AnnotatedAndMatchesType(InjectFakeGitLab.class, FakeGitLab.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
