package com.gitlab.release.tracker.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

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
        server = new WireMockServer(options().dynamicPort().containerThreads(40).extensions(GITLAB));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        return Map.of("tracker.gitlab.url", server.baseUrl(), "tracker.gitlab.token", "test-gitlab-token");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
