package com.gitlab.release.tracker.chat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.config.TrackerConfig;

/**
 * Delivers a slash command's late answer to its {@code response_url}, only when that URL starts with
 * {@code TRACKER_SLACK_RESPONSE_URL_PREFIX}: a request cannot point the function at another host. Slack accepts up
 * to five posts within 30 minutes; a failed post is tried twice more.
 */
@ApplicationScoped
public class SlackResponseUrl {
    private static final Logger LOG = Logger.getLogger(SlackResponseUrl.class);
    private static final int TRIES = 3;

    private final TrackerConfig config;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SlackResponseUrl(TrackerConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    boolean allowed(String responseUrl) {
        return responseUrl != null && responseUrl.startsWith(config.slack().responseUrlPrefix().toString());
    }

    void post(String responseUrl, SlackMessage message) {
        if (!allowed(responseUrl)) {
            LOG.warnf("not posting to response_url %s: it does not start with TRACKER_SLACK_RESPONSE_URL_PREFIX", responseUrl);
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(responseUrl)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
                LOG.warnf("Slack answered %d to the late answer (try %d of %d)", status, attempt, TRIES);
            } catch (IOException e) {
                LOG.warnf("could not post the late answer to Slack (try %d of %d): %s", attempt, TRIES, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
