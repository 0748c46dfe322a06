package com.gitlab.release.tracker.gitlab;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.TrackerException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Requests within an invocation's budget, and their retries: each attempt waits out any pause GitLab asked for, never
 * starts past the deadline and is counted for the invocation's log line; a failed attempt is retried with back-off
 * while GitLab is unavailable (connection errors, timeouts, 5xx, 429 after its {@code Retry-After}). GitLab's error
 * answers are mapped once, in {@link GitLabApi}; here only failures without an answer (timeouts, connection,
 * unreadable JSON) are.
 */
final class Attempts {
    private static final Logger LOG = Logger.getLogger(Attempts.class);

    private final TrackerConfig.Retry retry;
    /** False for {@link #withoutRetries()}: each request is tried once. */
    private final boolean retries;
    private final MeterRegistry metrics;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    Attempts(TrackerConfig.Retry retry, MeterRegistry metrics) {
        this(retry, true, metrics);
    }

    private Attempts(TrackerConfig.Retry retry, boolean retries, MeterRegistry metrics) {
        this.retry = retry;
        this.retries = retries;
        this.metrics = metrics;
    }

    /** The same with every request tried once, for a step that is retried as a whole. */
    Attempts withoutRetries() {
        return retries ? new Attempts(retry, false, metrics) : this;
    }

    /**
     * Counts a request ({@code tracker_gitlab_requests_total{outcome}}): {@code ok} (GitLab answered, also with a 4xx
     * it meant), {@code throttled} (429), {@code failed} (no usable answer: 5xx, timeout, connection), and each
     * {@code retried}. The counters are looked up once, not per request.
     */
    private void count(String outcome) {
        counters.computeIfAbsent(outcome, o -> counter(metrics, o)).increment();
    }

    /** The outcomes a request is counted by. */
    static final java.util.List<String> OUTCOMES = java.util.List.of("ok", "throttled", "failed", "retried");

    static Counter counter(MeterRegistry metrics, String outcome) {
        return Counter.builder("tracker.gitlab.requests").description("Requests to GitLab, by outcome (ok, throttled, failed, retried)")
                .tag("outcome", outcome).register(metrics);
    }

    boolean retries() {
        return retries;
    }

    /** One request, retried while GitLab is unavailable. */
    <T> Uni<T> call(Invocation invocation, String what, Supplier<Uni<T>> request) {
        return retrying(invocation, () -> attempt(invocation, what, request), failure -> true);
    }

    /**
     * Runs {@code step} again on {@link GitLabUnavailableException} (that {@code alsoRetry} accepts), at most
     * {@code TRACKER_GITLAB_RETRY_MAX_RETRIES} times, waiting the back-off or the {@code Retry-After} GitLab asked
     * for, never past the invocation's deadline (the attempt after it fails at once with 503).
     */
    <T> Uni<T> retrying(Invocation invocation, Supplier<Uni<T>> step, Predicate<Throwable> alsoRetry) {
        Uni<T> first = Uni.createFrom().deferred(step::get);
        if (!retries) {
            return first;
        }
        return retried(first, invocation, alsoRetry, new RetryBackoff(retry.initialDelay(), retry.maxDelay()), 0);
    }

    /**
     * {@code step}, subscribed again after a retryable failure. Built on failure only: a request that succeeds (nearly
     * all) costs no retry machinery (Mutiny's {@code retry().when()} sets up a stream of failures per request).
     */
    private <T> Uni<T> retried(Uni<T> step, Invocation invocation, Predicate<Throwable> alsoRetry, RetryBackoff backoff,
            int retriedSoFar) {
        return step.onFailure().recoverWithUni(failure -> {
            if (!(failure instanceof GitLabUnavailableException) || !alsoRetry.test(failure) || retriedSoFar >= retry.maxRetries()) {
                return Uni.createFrom().failure(failure);
            }
            count("retried");
            long wait = Math.max(1, backoff.nextDelayMillis(failure, invocation.remainingMillis()));
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(wait))
                    .chain(() -> retried(step, invocation, alsoRetry, backoff, retriedSoFar + 1));
        });
    }

    /**
     * One request within the invocation's budget: after any pause GitLab asked for, never past the deadline,
     * counted and timed for the invocation's log line.
     */
    <T> Uni<T> attempt(Invocation invocation, String what, Supplier<Uni<T>> request) {
        Uni<T> send = Uni.createFrom().deferred(() -> {
            invocation.checkDeadline(what);
            invocation.requestStarted();
            return Uni.createFrom().deferred(request::get).onTermination().invoke(invocation::requestEnded)
                    .invoke(answer -> count("ok"))
                    .onFailure().invoke(failure -> count(failure instanceof GitLabThrottledException ? "throttled"
                            : failure instanceof GitLabUnavailableException || !(failure instanceof TrackerException) ? "failed" : "ok"))
                    .onFailure(TrackerException.class).transform(failure -> GitLabErrors.during(what, (TrackerException) failure));
        });
        return Uni.createFrom().deferred(() -> {
            Duration pause = invocation.pauseLeft();
            return pause.isZero() ? send : Uni.createFrom().voidItem().onItem().delayIt().by(pause).chain(() -> send);
        })
                // One limiter for the whole invocation: its other requests wait out the throttle too.
                .onFailure(GitLabThrottledException.class)
                .invoke(failure -> ((GitLabThrottledException) failure).retryAfter().ifPresent(invocation::pauseFor))
                .onFailure(failure -> !(failure instanceof TrackerException)).transform(failure -> noAnswer(what, failure));
    }

    /** An error without an answer from GitLab: a timeout is slow, anything else unavailable; both retryable. */
    private static TrackerException noAnswer(String what, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof jakarta.ws.rs.ProcessingException || cause instanceof UncheckedIOException
                || cause instanceof java.util.concurrent.CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        LOG.debugf("GitLab did not answer to %s: %s", what, cause);
        String message = "GitLab did not answer properly when asked to " + what + ": " + describe(cause);
        return isTimeout(cause) ? new GitLabSlowException(message, null) : new GitLabUnavailableException(message, null, null);
    }

    private static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        String name = cause.getClass().getSimpleName();
        if (cause instanceof com.fasterxml.jackson.core.JacksonException || name.contains("Json")
                || name.contains("MismatchedInput") || name.contains("Mapping")) {
            return "the answer was not the JSON expected";
        }
        return cause.getMessage() == null ? name : name + " (" + cause.getMessage() + ")";
    }
}
