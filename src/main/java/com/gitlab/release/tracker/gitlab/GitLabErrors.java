package com.gitlab.release.tracker.gitlab;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.TrackerException;

/**
 * GitLab's error answers as the function's errors (used by {@link GitLabApi}'s {@code @ClientExceptionMapper}):
 * 404 not found; 401/403 the token; 429 throttled, with the wait asked for; 502/504 slow; other 5xx unavailable,
 * with {@code Retry-After}; anything else refused.
 */
final class GitLabErrors {

    private GitLabErrors() {
    }

    static TrackerException of(Response response, URI uri) {
        int status = response.getStatus();
        String request = describe(uri);
        if (status == 502 || status == 504) {
            return new GitLabSlowException("GitLab answered " + status + " to " + request, null);
        }
        if (status == 429) {
            Duration wait = throttledFor(response);
            return new GitLabThrottledException("GitLab answered 429 (" + Optional.ofNullable(response.getHeaderString("RateLimit-Name"))
                    .orElse("rate limit") + ") to " + request + "; waiting " + wait.toMillis() + " ms", wait);
        }
        if (status >= 500) {
            return new GitLabUnavailableException("GitLab answered " + status + " to " + request,
                    retryAfter(response).orElse(null), null);
        }
        if (status == 404) {
            return new NotFoundException("GitLab answered 404 to " + request + ": it does not exist, or the token cannot see it");
        }
        if (status == 401 || status == 403) {
            return new GitLabRefusedException(status, "GitLab refused the request (" + status + ") to " + request
                    + ": check that TRACKER_GITLAB_TOKEN is valid and has the api scope");
        }
        return new GitLabRefusedException(status, "GitLab answered " + status + " to " + request);
    }

    /**
     * The same error, saying what the function was doing: the mapper knows the request, the caller knows why it
     * was made. The kind of error (and a wait GitLab asked for) stays as the mapper decided.
     */
    static TrackerException during(String what, TrackerException error) {
        String message = error.getMessage() + " (asked to " + what + ")";
        if (error instanceof GitLabThrottledException throttled) {
            return new GitLabThrottledException(message, throttled.retryAfter().orElse(Duration.ZERO));
        }
        if (error instanceof GitLabSlowException) {
            return new GitLabSlowException(message, null);
        }
        if (error instanceof GitLabUnavailableException unavailable) {
            return new GitLabUnavailableException(message, unavailable.retryAfter().orElse(null), null);
        }
        if (error instanceof NotFoundException) {
            return new NotFoundException(message);
        }
        if (error instanceof GitLabRefusedException refused) {
            return new GitLabRefusedException(refused.gitlabStatus(), message);
        }
        return error;
    }

    /** The request in GitLab's terms, e.g. {@code GET gitlab-org/release/tasks/issues/12/notes?page=3}. */
    static String describe(URI uri) {
        if (uri == null) {
            return "a request";
        }
        String path = URLDecoder.decode(uri.getRawPath(), StandardCharsets.UTF_8).replaceFirst("^/api/v4/projects/", "");
        String query = uri.getRawQuery();
        return query == null ? path : path + "?" + URLDecoder.decode(query, StandardCharsets.UTF_8);
    }

    /**
     * How long a 429 asks to wait: {@code Retry-After} (Rack::Attack throttles), else until {@code RateLimit-Reset}
     * (epoch seconds), else to the next minute boundary (application limits such as issue search send neither).
     */
    static Duration throttledFor(Response response) {
        Optional<Duration> retryAfter = retryAfter(response);
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        long nowMillis = System.currentTimeMillis();
        String reset = response.getHeaderString("RateLimit-Reset");
        if (reset != null) {
            try {
                return Duration.ofMillis(Math.max(0, Long.parseLong(reset.trim()) * 1000 - nowMillis));
            } catch (NumberFormatException e) {
                // Fall through to the minute boundary.
            }
        }
        return Duration.ofMillis(60_000 - nowMillis % 60_000);
    }

    private static Optional<Duration> retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
