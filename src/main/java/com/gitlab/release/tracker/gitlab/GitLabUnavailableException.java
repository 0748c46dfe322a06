package com.gitlab.release.tracker.gitlab;

import java.time.Duration;
import java.util.Optional;

import com.gitlab.release.tracker.domain.TrackerException;

/** GitLab could not answer now (connection error, timeout, 5xx, 429, unreadable answer): worth retrying (HTTP 502). */
public class GitLabUnavailableException extends TrackerException {
    private final transient Duration retryAfter;

    public GitLabUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(502, message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long GitLab asked us to wait ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
