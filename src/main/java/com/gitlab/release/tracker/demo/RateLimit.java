package com.gitlab.release.tracker.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** One of GitLab.com's fixed-window limits, as the fake applies it: so many requests per window, then 429. */
final class RateLimit {
    private int limit = Integer.MAX_VALUE;
    private long windowMillis = 60_000;
    private long windowStart;
    private int inWindow;
    private final AtomicInteger throttled = new AtomicInteger();

    void set(int count, Duration window) {
        limit = count;
        windowMillis = window.toMillis();
        windowStart = System.currentTimeMillis();
        inWindow = 0;
    }

    void reset() {
        limit = Integer.MAX_VALUE;
        inWindow = 0;
        throttled.set(0);
    }

    /** Takes one request; true when it is over the limit (and counted as throttled). */
    boolean exceeded(long nowMillis) {
        if (nowMillis - windowStart >= windowMillis) {
            windowStart = nowMillis - (nowMillis - windowStart) % windowMillis;
            inWindow = 0;
        }
        if (++inWindow > limit) {
            throttled.incrementAndGet();
            return true;
        }
        return false;
    }

    int limit() {
        return limit;
    }

    /** When the current window ends, in epoch milliseconds. */
    long resetMillis() {
        return windowStart + windowMillis;
    }

    int throttled() {
        return throttled.get();
    }
}
