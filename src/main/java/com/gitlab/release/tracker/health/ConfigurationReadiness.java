package com.gitlab.release.tracker.health;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import com.gitlab.release.tracker.config.TrackerConfig;

/**
 * Ready when the configuration is complete: a usable GitLab URL, and a GitLab token when notes are written.
 * It does not call GitLab, so probes cost nothing and a GitLab outage does not take the function out of service.
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
        HealthCheckResponseBuilder response = HealthCheckResponse.named("configuration").up();
        String url = config.gitlab().url();
        try {
            URI uri = URI.create(url);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                response.down().withData("gitlabUrl", "TRACKER_GITLAB_URL is not an http(s) URL");
            } else {
                response.withData("gitlabUrl", url);
            }
        } catch (IllegalArgumentException e) {
            response.down().withData("gitlabUrl", "TRACKER_GITLAB_URL is not a URL");
        }
        boolean hasToken = config.gitlab().token().filter(t -> !t.isBlank()).isPresent();
        response.withData("gitlabToken", hasToken ? "set" : "missing");
        if (!hasToken && config.note().enabled()) {
            response.down().withData("reason", "TRACKER_GITLAB_TOKEN is needed to write notes");
        }
        response.withData("notes", config.note().enabled() ? "enabled" : "disabled");
        response.withData("functionSecret", config.authToken().filter(t -> !t.isBlank()).isPresent() ? "set" : "not set");
        return response.build();
    }
}
