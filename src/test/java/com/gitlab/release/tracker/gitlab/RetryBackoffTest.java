package com.gitlab.release.tracker.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private static GitLabUnavailableException unavailable(Duration retryAfter) {
        return new GitLabUnavailableException("GitLab answered 503", retryAfter, null);
    }

    @RepeatedTest(20)
    void backOffDoublesWithJitterUpToTheCap() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofMillis(500));

        assertThat(backoff.nextDelayMillis(unavailable(null), Long.MAX_VALUE)).isBetween(50L, 100L);
        assertThat(backoff.nextDelayMillis(unavailable(null), Long.MAX_VALUE)).isBetween(100L, 200L);
        assertThat(backoff.nextDelayMillis(unavailable(null), Long.MAX_VALUE)).isBetween(200L, 400L);
        assertThat(backoff.nextDelayMillis(unavailable(null), Long.MAX_VALUE)).isBetween(250L, 500L);
        assertThat(backoff.nextDelayMillis(unavailable(null), Long.MAX_VALUE)).isBetween(250L, 500L);
    }

    @Test
    void honoursRetryAfterInFullBeyondTheBackOffCap() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));

        assertThat(backoff.nextDelayMillis(unavailable(Duration.ofSeconds(2)), Long.MAX_VALUE)).isEqualTo(2000L);
        assertThat(backoff.nextDelayMillis(unavailable(Duration.ofSeconds(60)), Long.MAX_VALUE)).isEqualTo(60_000L);
    }

    @Test
    void neverWaitsPastTheInvocationsDeadline() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        Invocation invocation = Invocation.start(Duration.ofSeconds(3));

        assertThat(backoff.nextDelayMillis(unavailable(Duration.ofSeconds(60)), invocation.remainingMillis())).isBetween(2000L, 3000L);
    }
}
