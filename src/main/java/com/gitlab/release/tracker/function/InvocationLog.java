package com.gitlab.release.tracker.function;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.service.RecordPackageResult;

/**
 * One log line per function invocation: the function, what it did, how many GitLab requests it made and how long
 * it took. The fields also go to the MDC, so the JSON log (prod) carries them as keys. No input is logged as is:
 * tokens never reach the log.
 */
@ApplicationScoped
public class InvocationLog {
    private static final Logger LOG = Logger.getLogger("com.gitlab.release.tracker.invocation");

    public <T> T run(String function, Supplier<T> invocation, Function<T, Map<String, Object>> fields) {
        long start = System.nanoTime();
        AtomicInteger requests = GitLab.countInvocationRequests();
        try {
            T result = invocation.get();
            log(function, "ok", fields.apply(result), requests.get(), start);
            return result;
        } catch (TrackerException e) {
            log(function, "error " + e.status(), Map.of("error", e.getMessage()), requests.get(), start);
            throw e;
        } catch (RuntimeException e) {
            log(function, "error 500", Map.of("error", e.getClass().getSimpleName()), requests.get(), start);
            throw e;
        } finally {
            GitLab.stopCounting();
        }
    }

    /** The fields logged for an invocation that recorded one package. */
    public static Map<String, Object> fields(RecordPackageResult result) {
        return Map.of("package", result.packageName(), "postMigrations", result.postMigrations().size(),
                "note", result.note().status());
    }

    private static void log(String function, String outcome, Map<String, Object> fields, int requests, long start) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        StringBuilder line = new StringBuilder(function).append(' ').append(outcome);
        MDC.put("function", function);
        MDC.put("gitlabRequests", requests);
        MDC.put("durationMs", millis);
        fields.forEach((key, value) -> {
            line.append(' ').append(key).append('=').append(value);
            MDC.put(key, String.valueOf(value));
        });
        line.append(" gitlabRequests=").append(requests).append(" durationMs=").append(millis);
        try {
            LOG.info(line);
        } finally {
            MDC.clear();
        }
    }
}
