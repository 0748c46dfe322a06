package com.gitlab.release.tracker.http;

import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.gitlab.Invocation;

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

    public InvocationLog(TrackerConfig config) {
        this.config = config;
    }

    /**
     * Runs one invocation within its GitLab budget (request count, overall deadline), handed to it explicitly, and
     * logs its line when the answer is ready.
     */
    public <T> Uni<T> run(String function, Function<Invocation, Uni<T>> invocation, Function<T, Map<String, Object>> fields) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Invocation budget = Invocation.start(config.deadline());
            return Uni.createFrom().deferred(() -> invocation.apply(budget))
                    .invoke(result -> log(function, "ok", fields.apply(result), budget, start))
                    .onFailure().invoke(failure -> log(function, failure instanceof TrackerException e ? "error " + e.status() : "error 500",
                            Map.of("error", failure instanceof TrackerException ? failure.getMessage() : failure.getClass().getSimpleName()),
                            budget, start));
        });
    }

    /** The same for an invocation that waits for its answer (a worker thread's): the answer, or its failure thrown. */
    public <T> T runWaiting(String function, Function<Invocation, T> invocation, Function<T, Map<String, Object>> fields) {
        return run(function, budget -> Uni.createFrom().item(() -> invocation.apply(budget)), fields).await().indefinitely();
    }

    private static void log(String function, String outcome, Map<String, Object> fields, Invocation scope,
            long start) {
        double millis = (System.nanoTime() - start) / 1e6;
        String duration = String.format(java.util.Locale.ROOT, "%.1f", millis);
        String gitlab = String.format(java.util.Locale.ROOT, "%.1f", scope.gitlabMillis());
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
}
