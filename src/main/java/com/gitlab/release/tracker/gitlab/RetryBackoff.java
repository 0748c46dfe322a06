package com.gitlab.release.tracker.gitlab;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential back-off with full jitter, capped; a wait GitLab asks for ({@code Retry-After}, or the time to the
 * end of a rate limit's period) is honoured in full, up to the invocation's deadline. One instance serves one
 * guarded call.
 */
final class RetryBackoff implements CustomBackoffStrategy {
    private final long initialMillis;
    private final long maxMillis;
    private int attempt;

    RetryBackoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    @Override
    public long nextDelayInMillis(Throwable failure) {
        long delay;
        if (failure instanceof GitLabUnavailableException unavailable && unavailable.retryAfter().isPresent()) {
            attempt++;
            delay = unavailable.retryAfter().get().toMillis();
        } else {
            long ceiling = Math.min(maxMillis, initialMillis << Math.min(attempt++, 20));
            delay = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        }
        // Never sleep past the invocation's deadline: the next attempt then fails at once with 503.
        long remaining = InvocationScope.current().map(InvocationScope::remainingMillis).orElse(Long.MAX_VALUE);
        return Math.min(delay, remaining);
    }
}
