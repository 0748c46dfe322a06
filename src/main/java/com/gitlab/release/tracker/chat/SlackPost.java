package com.gitlab.release.tracker.chat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Posts one JSON message to a Slack URL (a slash command's {@code response_url}, an incoming webhook): a failed post
 * (no answer, or not 2xx) is tried again, at most {@value #TRIES} times, while the time left allows. It waits, so it is
 * called on a worker thread. Neither the URL nor the body is logged: both may carry a credential.
 */
@ApplicationScoped
public class SlackPost {
    private static final Logger LOG = Logger.getLogger(SlackPost.class);
    static final int TRIES = 3;
    private static final Duration PAUSE = Duration.ofMillis(500);
    private static final long TRY_TIMEOUT_MILLIS = 10_000;

    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SlackPost(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Whether Slack accepted {@code message}; {@code what} names it in the log; {@code remainingMillis}: the time left
     * to the caller (no try starts without any, none outlasts it).
     */
    public boolean post(URI url, Object message, String what, LongSupplier remainingMillis) {
        String body;
        try {
            body = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            long left = remainingMillis.getAsLong();
            if (left <= 0) {
                return false;
            }
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMillis(Math.min(left, TRY_TIMEOUT_MILLIS)))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return true;
                }
                LOG.warnf("Slack answered %d to %s (try %d of %d)", status, what, attempt, TRIES);
            } catch (IOException e) {
                LOG.warnf("could not post %s to Slack (try %d of %d): %s", what, attempt, TRIES, e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            long pause = PAUSE.toMillis() * attempt;
            if (attempt < TRIES && remainingMillis.getAsLong() > pause) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
