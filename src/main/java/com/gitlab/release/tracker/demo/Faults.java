package com.gitlab.release.tracker.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

/**
 * What goes wrong with the fake GitLab, as a test arranges it: faults on the next matching requests or on a share of
 * all of them ({@link FaultKind}), answers that come late or are held until a test releases them, and a latency on every answer (benchmarks).
 */
final class Faults {

    private record FaultRule(Predicate<Request> matches, FaultKind fault, AtomicInteger remaining, double share,
            Random random, FaultKind[] kinds) {

        FaultKind draw() {
            if (random == null) {
                return fault;
            }
            return random.nextDouble() < share ? kinds[random.nextInt(kinds.length)] : null;
        }
    }

    private record SlowRule(Predicate<Request> matches, AtomicInteger remaining, int millis) {
    }

    /** Matching requests wait until {@code released} opens, as long as a test needs them in flight. */
    private record HoldRule(Predicate<Request> matches, CountDownLatch released) {
    }

    private final List<FaultRule> faults = new ArrayList<>();
    private final List<SlowRule> slowRules = new ArrayList<>();
    private final List<HoldRule> holds = new ArrayList<>();
    private final AtomicInteger injected = new AtomicInteger();
    private volatile int latencyMillis;

    synchronized void reset() {
        faults.clear();
        slowRules.clear();
        holds.forEach(hold -> hold.released().countDown());
        holds.clear();
        injected.set(0);
        latencyMillis = 0;
    }

    /** The next {@code times} requests matching {@code method} and a path fragment, after the first {@code skip}. */
    synchronized void failAfter(int skip, String method, String pathContains, int times, FaultKind fault) {
        AtomicInteger skipped = new AtomicInteger();
        faults.add(new FaultRule(r -> r.getMethod().getName().equals(method) && r.getUrl().contains(pathContains)
                && skipped.getAndIncrement() >= skip, fault, new AtomicInteger(times), 1.0, null, null));
    }

    /** A share of all requests, each with a fault drawn from {@code kinds}. */
    synchronized void failRandomly(double share, long seed, FaultKind... kinds) {
        faults.add(new FaultRule(r -> true, null, new AtomicInteger(Integer.MAX_VALUE), share, new Random(seed), kinds));
    }

    synchronized void slowNext(String method, String pathContains, int times, int millis) {
        slowRules.add(new SlowRule(r -> r.getMethod().getName().equals(method) && r.getUrl().contains(pathContains),
                new AtomicInteger(times), millis));
    }

    /** Holds every request matching {@code method} and a path fragment until the returned action runs. */
    synchronized Runnable hold(String method, String pathContains) {
        HoldRule hold = new HoldRule(r -> r.getMethod().getName().equals(method) && r.getUrl().contains(pathContains),
                new CountDownLatch(1));
        holds.add(hold);
        return hold.released()::countDown;
    }

    /** Waits while this request is held (at most a minute: a test that forgets to release it still ends). */
    void awaitRelease(Request request) {
        HoldRule held;
        synchronized (this) {
            held = holds.stream().filter(h -> h.released().getCount() > 0 && h.matches().test(request)).findFirst().orElse(null);
        }
        if (held != null) {
            try {
                held.released().await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void latency(int millis) {
        latencyMillis = millis;
    }

    int injected() {
        return injected.get();
    }

    /** The fault this request gets, if any (a rule's count goes down as it is used). */
    synchronized FaultKind take(Request request) {
        for (FaultRule rule : faults) {
            if (rule.remaining().get() > 0 && rule.matches().test(request)) {
                FaultKind kind = rule.draw();
                if (kind != null) {
                    rule.remaining().decrementAndGet();
                    injected.incrementAndGet();
                    return kind;
                }
            }
        }
        return null;
    }

    /** How long the answer to this request waits: the latency, plus the first slow rule it matches. */
    synchronized int delayMillis(Request request) {
        int delay = latencyMillis;
        for (SlowRule rule : slowRules) {
            if (rule.remaining().get() > 0 && rule.matches().test(request)) {
                rule.remaining().decrementAndGet();
                return delay + rule.millis();
            }
        }
        return delay;
    }

    /** What GitLab (or the network) answers for a fault. */
    static ResponseDefinition answer(FaultKind fault) {
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition();
        return switch (fault) {
            case SERVER_ERROR -> b.withStatus(500).withBody("{\"message\":\"500 Internal Server Error\"}").build();
            case BAD_GATEWAY -> b.withStatus(502).withBody("<html>502 Bad Gateway</html>").build();
            case UNAVAILABLE -> b.withStatus(503).withBody("{\"message\":\"503 Service Unavailable\"}").build();
            case RATE_LIMITED -> b.withStatus(429).withHeader("Retry-After", "1")
                    .withHeader("RateLimit-Remaining", "0").withBody("Retry later").build();
            case CONNECTION_RESET, LOST_ANSWER -> b.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            case EMPTY_REPLY -> b.withFault(Fault.EMPTY_RESPONSE).build();
            case SLOW -> b.withStatus(200).withFixedDelay(3_000).withBody("[]").build();
            case NOT_JSON -> b.withStatus(200).withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Sign in</body></html>").build();
            case UNAUTHORIZED -> b.withStatus(401).withBody("{\"message\":\"401 Unauthorized\"}").build();
            case FORBIDDEN -> b.withStatus(403).withBody("{\"message\":\"403 Forbidden\"}").build();
            case TRUNCATED_JSON -> b.withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"diffs\": [{\"old_path\": \"db/po").build();
        };
    }
}
