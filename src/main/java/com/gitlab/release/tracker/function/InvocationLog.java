package com.gitlab.release.tracker.function;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.gitlab.InvocationScope;

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

    /** Runs one invocation within its GitLab budget (request count, overall deadline) and logs its line. */
    public <T> T run(String function, Supplier<T> invocation, Function<T, Map<String, Object>> fields) {
        long start = System.nanoTime();
        InvocationScope scope = InvocationScope.start(config.deadline());
        try {
            T result = invocation.get();
            log(function, "ok", fields.apply(result), scope, start);
            return result;
        } catch (TrackerException e) {
            log(function, "error " + e.status(), Map.of("error", e.getMessage()), scope, start);
            throw e;
        } catch (RuntimeException e) {
            log(function, "error 500", Map.of("error", e.getClass().getSimpleName()), scope, start);
            throw e;
        } finally {
            InvocationScope.end();
        }
    }

    private static void log(String function, String outcome, Map<String, Object> fields, InvocationScope scope,
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
