package com.gitlab.release.tracker.gitlab;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.gitlab.release.tracker.domain.TrackerException;

/**
 * One function invocation's GitLab budget: its deadline, its request count and time (for the invocation's log
 * line), and the pause GitLab asked for. Made by the entry point and passed along explicitly, so it survives the
 * thread hops of concurrent reads and of work that outlives the answer (a webhook's 202).
 */
public final class Invocation {

    private final Duration budget;
    private final long deadlineNanos;
    private final AtomicInteger requests = new AtomicInteger();
    /** Requests in flight now, since when at least one has been, and the time with at least one before that. */
    private int inFlight;
    private long busySinceNanos;
    private long busyNanos;
    /** No request of this invocation starts before this time: GitLab throttled one of them. */
    private final AtomicLong pauseUntilNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger throttled = new AtomicInteger();

    private Invocation(Duration budget) {
        this.budget = budget;
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
    }

    /** An invocation that must be done within {@code budget} ({@code TRACKER_DEADLINE}). */
    public static Invocation start(Duration budget) {
        return new Invocation(budget);
    }

    public int requests() {
        return requests.get();
    }

    /**
     * The time, in milliseconds, during which at least one GitLab request of the invocation was in flight: with
     * reads side by side, the part of the wall time that is GitLab's; the rest is the function's own.
     */
    public synchronized double gitlabMillis() {
        long nanos = busyNanos + (inFlight > 0 ? System.nanoTime() - busySinceNanos : 0);
        return nanos / 1e6;
    }

    /** A request is sent: counted, and GitLab time runs while any is in flight. */
    synchronized void requestStarted() {
        requests.incrementAndGet();
        if (inFlight++ == 0) {
            busySinceNanos = System.nanoTime();
        }
    }

    /** A request ended (answered, failed or cancelled). */
    synchronized void requestEnded() {
        if (--inFlight == 0) {
            busyNanos += System.nanoTime() - busySinceNanos;
        }
    }

    /** How many times GitLab throttled a request of this invocation (429), each a wait for all its requests. */
    public int throttledWaits() {
        return throttled.get();
    }

    public long remainingMillis() {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    /** GitLab throttled a request: every request of the invocation waits this long (one limiter for all). */
    void pauseFor(Duration wait) {
        throttled.incrementAndGet();
        long until = System.nanoTime() + wait.toNanos();
        pauseUntilNanos.accumulateAndGet(until, (current, next) -> current == Long.MIN_VALUE || next - current > 0 ? next : current);
    }

    /** What is left of a pause GitLab asked for, never past the deadline; zero when there is none. */
    Duration pauseLeft() {
        long until = pauseUntilNanos.get();
        if (until == Long.MIN_VALUE) {
            return Duration.ZERO;
        }
        long now = System.nanoTime();
        return Duration.ofNanos(Math.max(0, Math.min(until - now, deadlineNanos - now)));
    }

    /** Refuses to start another GitLab request once the invocation is past its deadline. */
    void checkDeadline(String what) {
        if (System.nanoTime() >= deadlineNanos) {
            throw new DeadlineExceededException("the call ran past its " + budget.toSeconds()
                    + " s deadline (TRACKER_DEADLINE) before it could " + what
                    + "; GitLab is slow or failing. Nothing more was written; call again");
        }
    }

    /**
     * The deadline itself: how long the whole call may take, whatever its parts do (a slow parser included), after
     * which it answers 503.
     */
    public Duration budget() {
        return budget;
    }

    /** The answer of a call that reached its deadline before its answer was made. */
    public DeadlineExceededException pastDeadline() {
        return new DeadlineExceededException("the call ran past its " + budget.toSeconds() + " s deadline (TRACKER_DEADLINE)"
                + " before its answer was made; GitLab is slow or failing. Nothing more is written; call again");
    }

    /** HTTP 503: the invocation's overall deadline passed. Not retried. */
    public static final class DeadlineExceededException extends TrackerException {
        DeadlineExceededException(String message) {
            super(503, message);
        }
    }
}
