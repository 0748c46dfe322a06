package com.gitlab.release.tracker.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a function answer with a status other than funqy's 200 (a webhook's 202): the function sets it on the
 * routing context, and it is applied just before the response headers are written.
 */
@ApplicationScoped
public class ResponseStatus {
    private static final String KEY = "tracker.response-status";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> {
                Integer status = ctx.get(KEY);
                if (status != null && ctx.response().getStatusCode() == 200) {
                    ctx.response().setStatusCode(status);
                }
            });
            ctx.next();
        });
    }

    /** The status of a successful answer: {@code 202} for accepted work. */
    public static void set(RoutingContext ctx, int status) {
        ctx.put(KEY, status);
    }
}
