package com.gitlab.release.tracker.fake;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.gitlab.release.tracker.demo.FakeGitLab;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one WireMock server carrying {@link FakeGitLab} for all HTTP tests, and points the function at it.
 * Tests reach the fake through {@link #gitlab()}.
 */
public class FakeGitLabResource implements QuarkusTestResourceLifecycleManager {

    private static final FakeGitLab GITLAB = new FakeGitLab();
    private WireMockServer server;

    public static FakeGitLab gitlab() {
        return GITLAB;
    }

    @Override
    public Map<String, String> start() {
        server = GITLAB.serve(0);
        return Map.of("tracker.gitlab.url", server.baseUrl(), "tracker.gitlab.token", "test-gitlab-token");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
