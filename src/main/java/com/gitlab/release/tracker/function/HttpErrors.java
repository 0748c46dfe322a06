package com.gitlab.release.tracker.function;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.TrackerException;

import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP edge funqy does not provide: the function secret check, and JSON errors with the right status
 * (funqy answers 500 for every exception, and a bare 400 for a body it cannot read).
 */
@ApplicationScoped
public class HttpErrors {
    private static final Logger LOG = Logger.getLogger(HttpErrors.class);

    private final TrackerConfig config;
    private final ObjectMapper json;

    public HttpErrors(TrackerConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkSecret);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answerError);
        // Reached only when no function matched: answer JSON rather than Quarkus' HTML page.
        router.route().order(Integer.MAX_VALUE).handler(ctx -> respond(ctx, 404, unknownFunction(ctx)));
    }

    private static String unknownFunction(RoutingContext ctx) {
        String functions = FunctionRecorder.registry == null ? "" : FunctionRecorder.registry.invokers().stream()
                .map(invoker -> "/" + invoker.getName()).sorted().collect(java.util.stream.Collectors.joining(", "));
        return "no function at " + ctx.request().path() + ": the functions are " + functions;
    }

    private void checkSecret(RoutingContext ctx) {
        Optional<String> secret = config.authToken().filter(s -> !s.isBlank());
        if (secret.isEmpty() || ctx.request().path().startsWith("/q/")) {
            ctx.next();
            return;
        }
        String bearer = ctx.request().getHeader("Authorization");
        String given = bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)
                ? bearer.substring(7).trim()
                : ctx.request().getHeader("X-Gitlab-Token");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                secret.get().getBytes(StandardCharsets.UTF_8))) {
            respond(ctx, 401, given == null
                    ? "missing function secret: send 'Authorization: Bearer <TRACKER_AUTH_TOKEN>' or 'X-Gitlab-Token'"
                    : "wrong function secret");
            return;
        }
        ctx.next();
    }

    private void answerError(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        TrackerException known = find(failure);
        if (known != null) {
            respond(ctx, known.status(), known.getMessage());
            return;
        }
        int status = ctx.statusCode();
        if (failure == null && status == 400) {
            respond(ctx, 400, describeUnreadableBody(ctx));
        } else if (failure == null && status == 404) {
            respond(ctx, 404, unknownFunction(ctx));
        } else if (failure == null && status == 405) {
            respond(ctx, 405, "use POST with a JSON body");
        } else if (failure == null && status == 413) {
            respond(ctx, 413, "request body too large");
        } else if (failure == null && status > 0) {
            respond(ctx, status, "request failed with status " + status);
        } else {
            LOG.error("unexpected failure", failure);
            respond(ctx, 500, "internal error: " + (failure == null ? "unknown" : failure.getClass().getSimpleName())
                    + "; see the function's log");
        }
    }

    private static TrackerException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TrackerException known) {
                return known;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Funqy drops the reason a body could not be read; read it again to tell the caller what is wrong. */
    private String describeUnreadableBody(RoutingContext ctx) {
        String path = ctx.request().path().replaceFirst("^/", "");
        FunctionInvoker invoker = FunctionRecorder.registry == null ? null : FunctionRecorder.registry.matchInvoker(path);
        var body = ctx.body() == null ? null : ctx.body().buffer();
        if (invoker == null || body == null || !invoker.hasInput()) {
            return "the request body could not be read as JSON";
        }
        try {
            json.readValue(body.getBytes(), json.constructType(invoker.getInputType()));
            return "the request body could not be read as JSON";
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? " in field '" + mapping.getPath().get(mapping.getPath().size() - 1).getFieldName() + "'"
                    : "";
            return "the request body is not valid for /" + path + field + where + ": " + e.getOriginalMessage();
        } catch (java.io.IOException e) {
            return "the request body could not be read as JSON";
        }
    }

    private static void respond(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
