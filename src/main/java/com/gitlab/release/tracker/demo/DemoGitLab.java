package com.gitlab.release.tracker.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.gitlab.release.tracker.config.TrackerConfig;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Dev mode only ({@code ./mvnw quarkus:dev}): when no {@code TRACKER_GITLAB_URL} is set, the function talks to the
 * same fake GitLab the tests use, seeded with {@link DemoHistory}. The bean does not exist in other builds, and
 * WireMock is not packaged.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DemoGitLab {
    private static final Logger LOG = Logger.getLogger(DemoGitLab.class);

    private WireMockServer server;

    void start(@Observes StartupEvent event, TrackerConfig config,
            @ConfigProperty(name = "demo-gitlab.port", defaultValue = "8089") int port) {
        if (!config.gitlab().url().toString().equals("http://localhost:" + port)) {
            return;
        }
        FakeGitLab gitlab = new FakeGitLab();
        DemoHistory.seed(gitlab);
        server = gitlab.serve(port);
        LOG.infof("demo GitLab (the tests' fake, seeded with a small 14.8 history) on %s", server.baseUrl());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.stop();
        }
    }
}
