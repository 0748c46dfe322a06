package com.gitlab.release.tracker.gitlab;

import java.time.Duration;

/**
 * GitLab answered 429: a rate limit. Retried after the wait it asked for, and every other request of the
 * invocation waits too (one limiter for all its concurrent reads).
 */
public class GitLabThrottledException extends GitLabUnavailableException {

    public GitLabThrottledException(String message, Duration wait) {
        super(message, wait, null);
    }
}
