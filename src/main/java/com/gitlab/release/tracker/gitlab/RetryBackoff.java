package com.gitlab.release.tracker.gitlab;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with full jitter, capped; a wait GitLab asks for ({@code Retry-After}, or the time to the
 * end of a rate limit's period) is honoured in full, up to the invocation's deadline. One instance serves one
 * retried call.
 */
final class RetryBackoff {
    private final long initialMillis;
    private final long maxMillis;
    private int attempt;

    RetryBackoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** The wait before the next attempt; never past the deadline, where the next attempt fails at once with 503. */
    long nextDelayMillis(Throwable failure, long remainingMillis) {
        long delay;
        if (failure instanceof GitLabUnavailableException unavailable && unavailable.retryAfter().isPresent()) {
            attempt++;
            delay = unavailable.retryAfter().get().toMillis();
        } else {
            long ceiling = Math.min(maxMillis, initialMillis << Math.min(attempt++, 20));
            delay = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        }
        return Math.min(delay, remainingMillis);
    }
}
