package com.gitlab.release.tracker.gitlab;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.gitlab.release.tracker.domain.TrackerException;

/**
 * The GitLab budget of one function invocation: it counts the invocation's requests and holds its deadline.
 * Set on the invocation's thread; threads the invocation starts (a backfill's pool) share it.
 */
public final class InvocationScope {

    private static final InheritableThreadLocal<InvocationScope> CURRENT = new InheritableThreadLocal<>();

    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong gitlabNanos = new java.util.concurrent.atomic.AtomicLong();
    private final long deadlineNanos;
    /** No request of this invocation starts before this time: GitLab throttled one of them. */
    private final java.util.concurrent.atomic.AtomicLong pauseUntilNanos = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
    private final Duration budget;

    private InvocationScope(Duration budget) {
        this.budget = budget;
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
    }

    public static InvocationScope start(Duration budget) {
        InvocationScope scope = new InvocationScope(budget);
        CURRENT.set(scope);
        return scope;
    }

    public static void end() {
        CURRENT.remove();
    }

    /** The scope of the invocation running on this thread, if any. */
    public static Optional<InvocationScope> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Runs work of this invocation on another thread (work that outlives the answer): it shares this budget. */
    public <T> T runIn(java.util.function.Supplier<T> work) {
        InvocationScope previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public int requests() {
        return requests.get();
    }

    void countRequest() {
        requests.incrementAndGet();
    }

    void addGitLabTime(long nanos) {
        gitlabNanos.addAndGet(nanos);
    }

    /** Time spent in GitLab requests (waiting, and reading their answers), in milliseconds. */
    public double gitlabMillis() {
        return gitlabNanos.get() / 1e6;
    }

    long remainingMillis() {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    /** GitLab throttled a request: every request of the invocation waits this long (one limiter for all workers). */
    void pauseFor(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        pauseUntilNanos.accumulateAndGet(until, (current, next) -> current == Long.MIN_VALUE || next - current > 0 ? next : current);
    }

    /** Waits out a pause GitLab asked for, never past the deadline. */
    void awaitPause(String what) {
        long until = pauseUntilNanos.get();
        if (until == Long.MIN_VALUE) {
            return;
        }
        long now = System.nanoTime();
        long waitNanos = Math.min(until - now, deadlineNanos - now);
        if (waitNanos <= 0) {
            return;
        }
        try {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(waitNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException("interrupted while waiting for GitLab's rate limit before it could " + what);
        }
    }

    /** Refuses to start another GitLab request once the invocation is past its deadline. */
    void checkDeadline(String what) {
        if (System.nanoTime() >= deadlineNanos) {
            throw new DeadlineExceededException("the call ran past its " + budget.toSeconds()
                    + " s deadline (TRACKER_DEADLINE) before it could " + what
                    + "; GitLab is slow or failing. Nothing more was written; call again");
        }
    }

    /** HTTP 503: the invocation's overall deadline passed. Not retried. */
    public static final class DeadlineExceededException extends TrackerException {
        DeadlineExceededException(String message) {
            super(503, message);
        }
    }
}
