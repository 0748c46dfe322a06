package com.gitlab.release.tracker.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Each function invocation runs in a GitLab budget (its requests counted, an overall deadline) and leaves one log
 * line: the function, what it did, how many GitLab requests it made and how long it took. The fields also go to the MDC, so the JSON log (prod) carries them as keys. No input is logged as is:
 * tokens never reach the log.
 */
@ApplicationScoped
public class InvocationLog {
    private static final Logger LOG = Logger.getLogger("com.gitlab.release.tracker.invocation");

    private final TrackerConfig config;
    private final MeterRegistry metrics;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private static final String OK = "ok";

    public InvocationLog(TrackerConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Runs one invocation within its GitLab budget (request count, overall deadline), handed to it explicitly, and
     * logs its line when the answer is ready.
     */
    public <T> Uni<T> run(String function, Function<Invocation, Uni<T>> invocation, Function<T, Map<String, Object>> fields) {
        return run(function, invocation, fields, result -> 200);
    }

    /**
     * The same for an invocation that answers its failures itself (chat): {@code status} tells the HTTP status its
     * answer carries, which the log line and the {@code outcome} label follow ({@code ok}, {@code error 404}).
     */
    public <T> Uni<T> run(String function, Function<Invocation, Uni<T>> invocation, Function<T, Map<String, Object>> fields,
            ToIntFunction<T> status) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Invocation budget = Invocation.start(config.deadline());
            return Uni.createFrom().deferred(() -> invocation.apply(budget))
                    // The deadline holds for the whole call: whatever a step does (a read, a parser), the answer comes.
                    .ifNoItem().after(budget.budget()).failWith(budget::pastDeadline)
                    .invoke(result -> {
                        int answered = status.applyAsInt(result);
                        String outcome = answered < 400 ? OK : "error " + answered;
                        log(function, outcome, fields.apply(result), budget, start);
                        time(function, outcome, start);
                    })
                    .onFailure().invoke(failure -> {
                        String outcome = failure instanceof TrackerException e ? "error " + e.status() : "error 500";
                        log(function, outcome, Map.of("error", failure instanceof TrackerException ? failure.getMessage()
                                : failure.getClass().getSimpleName()), budget, start);
                        time(function, outcome, start);
                    });
        });
    }

    /** The same for an invocation that waits for its answer (a worker thread's): the answer, or its failure thrown. */
    public <T> T runWaiting(String function, Function<Invocation, T> invocation, Function<T, Map<String, Object>> fields,
            ToIntFunction<T> status) {
        return run(function, budget -> Uni.createFrom().item(() -> invocation.apply(budget)), fields, status).await().indefinitely();
    }

    /** Every function's {@code ok} timer exists from start, at zero, with its help text: a dashboard has data at once. */
    void registerAtStart(@Observes StartupEvent start) {
        FunctionNames.all().forEach(function -> timer(function, OK));
    }

    /** The invocation's duration, as {@code tracker_function_seconds{function, outcome}} (each timer looked up once). */
    private void time(String function, String outcome, long start) {
        timer(function, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String function, String outcome) {
        return timers.computeIfAbsent(function + " " + outcome, key -> Timer.builder("tracker.function")
                .description("Function invocations and their duration, by function and outcome (ok, or error and the HTTP status)")
                .tag("function", function).tag("outcome", outcome).register(metrics));
    }

    private static void log(String function, String outcome, Map<String, Object> fields, Invocation scope,
            long start) {
        String duration = tenths((System.nanoTime() - start) / 1e6);
        String gitlab = tenths(scope.gitlabMillis());
        int requests = scope.requests();
        StringBuilder line = new StringBuilder(function).append(' ').append(outcome);
        MDC.put("function", function);
        MDC.put("gitlabRequests", requests);
        MDC.put("gitlabMs", gitlab);
        MDC.put("durationMs", duration);
        fields.forEach((key, value) -> {
            line.append(' ').append(key).append('=').append(value);
            MDC.put(key, String.valueOf(value));
        });
        line.append(" gitlabRequests=").append(requests).append(" gitlabMs=").append(gitlab)
                .append(" durationMs=").append(duration);
        try {
            LOG.info(line);
        } finally {
            MDC.clear();
        }
    }

    /** Milliseconds to one decimal, as "4.2": without {@code String.format}, which builds its number format per call. */
    static String tenths(double millis) {
        long tenths = Math.round(millis * 10);
        return tenths / 10 + "." + tenths % 10;
    }
}
