package com.gitlab.release.tracker.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import com.gitlab.release.tracker.config.TrackerConfig;

/**
 * Ready when the configuration is complete: a GitLab token when notes are written (every setting's form was checked
 * at start). It does not call GitLab, so probes cost nothing and a GitLab outage does not take the function out of
 * service.
 */
@Readiness
@ApplicationScoped
public class ConfigurationReadiness implements HealthCheck {

    private final TrackerConfig config;

    public ConfigurationReadiness(TrackerConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("configuration").up()
                .withData("gitlabUrl", config.gitlab().url().toString());
        boolean hasToken = config.gitlab().token().isPresent();
        response.withData("gitlabToken", hasToken ? "set" : "missing");
        if (!hasToken && config.note().enabled()) {
            response.down().withData("reason", "TRACKER_GITLAB_TOKEN is needed to write notes");
        }
        response.withData("notes", config.note().enabled() ? "enabled" : "disabled");
        response.withData("functionSecret", config.authToken().isPresent() ? "set" : "not set");
        response.withData("callers", config.callers());
        return response.build();
    }
}
