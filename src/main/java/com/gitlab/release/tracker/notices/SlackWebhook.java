package com.gitlab.release.tracker.notices;

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
import com.gitlab.release.tracker.gitlab.Invocation;

/**
 * Posts a message to Slack's incoming webhook ({@code TRACKER_SLACK_WEBHOOK_URL}): a failed post (no answer, or
 * not 2xx) is tried again while the call's deadline allows, at most {@value #TRIES} times; its outcome is told,
 * never thrown, so that it cannot fail the webhook that caused it. The URL is a credential: never logged.
 */
@ApplicationScoped
public class SlackWebhook {
    private static final Logger LOG = Logger.getLogger(SlackWebhook.class);
    private static final int TRIES = 3;
    private static final Duration PAUSE = Duration.ofMillis(500);

    /**
     * {@code sent}; {@code failed} (every try); {@code off} (no {@code TRACKER_SLACK_WEBHOOK_URL}); {@code not sent}:
     * another delivery's note was kept, and that delivery tells Slack; {@code none}: nothing to tell (no notice).
     */
    public enum Outcome {
        SENT("sent"), FAILED("failed"), OFF("off"), NOT_SENT("not sent"), NONE("none");

        private final String value;

        Outcome(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    private final TrackerConfig config;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SlackWebhook(TrackerConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public boolean configured() {
        return config.slack().webhookUrl().isPresent();
    }

    /** Posts {@code message} (serialized as JSON); waits, so it is called on a worker thread. */
    public Outcome post(Invocation invocation, Object message) {
        if (config.slack().webhookUrl().isEmpty()) {
            return Outcome.OFF;
        }
        URI url = config.slack().webhookUrl().get();
        String body;
        try {
            body = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            long left = invocation.remainingMillis();
            if (left <= 0) {
                break;
            }
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMillis(Math.min(left, 10_000)))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return Outcome.SENT;
                }
                LOG.warnf("Slack's incoming webhook answered %d (try %d of %d)", status, attempt, TRIES);
            } catch (IOException e) {
                LOG.warnf("could not post to Slack's incoming webhook (try %d of %d): %s", attempt, TRIES, e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.FAILED;
            }
            long pause = PAUSE.toMillis() * attempt;
            if (attempt < TRIES && invocation.remainingMillis() > pause) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.FAILED;
                }
            }
        }
        return Outcome.FAILED;
    }
}
