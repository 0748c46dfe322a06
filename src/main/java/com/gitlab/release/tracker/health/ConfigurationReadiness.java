package com.gitlab.release.tracker.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import com.gitlab.release.tracker.config.Converters;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.notes.Trust;

/**
 * Ready when the configuration is complete: a GitLab token when notes are written (every setting's form was checked
 * at start). It does not call GitLab, so probes cost nothing and a GitLab outage does not take the function out of
 * service. It says whose notes and issues the function takes for its records ({@code trustedAuthors}).
 */
@Readiness
@ApplicationScoped
public class ConfigurationReadiness implements HealthCheck {

    private final TrackerConfig config;
    private final Trust trust;

    public ConfigurationReadiness(TrackerConfig config, Trust trust) {
        this.config = config;
        this.trust = trust;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("configuration").up()
                .withData("gitlabUrl", Converters.withoutSecrets(config.gitlab().url()));
        boolean hasToken = config.gitlab().token().isPresent();
        response.withData("gitlabToken", hasToken ? "set" : "missing");
        if (!hasToken && config.note().enabled()) {
            response.down().withData("reason", "TRACKER_GITLAB_TOKEN is needed to write notes");
        }
        response.withData("notes", config.note().enabled() ? "enabled" : "disabled");
        response.withData("functionSecret", config.authToken().isPresent() ? "set" : "not set");
        response.withData("callers", config.callers());
        response.withData("trustedAuthors", trust.describe());
        return response.build();
    }
}
