package com.gitlab.release.tracker.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.gitlab.release.tracker.config.TrackerConfig;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may call: every route needs the function secret ({@code TRACKER_AUTH_TOKEN}, as a Bearer token or in
 * {@code X-Gitlab-Token}, compared in constant time), {@code /q/metrics} too (a scrape makes GitLab requests), except
 * the health probes (and dev mode's own pages) and {@code /slack}, whose only
 * credential is Slack's signature (Slack cannot send the function secret), checked on its raw body. A refusal is a
 * 401 before anything else runs. (The Slack check is {@code chat/ChatRoutes}'.)
 */
@ApplicationScoped
public class Authentication {

    private final TrackerConfig config;

    public Authentication(TrackerConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::functionSecret);
    }

    private void functionSecret(RoutingContext ctx) {
        Optional<String> secret = config.authToken();
        String path = ctx.request().path();
        if (secret.isEmpty() || path.startsWith("/q/health") || path.startsWith("/q/dev") || path.equals("/" + FunctionNames.SLACK)) {
            ctx.next();
            return;
        }
        String bearer = ctx.request().getHeader("Authorization");
        String given = bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)
                ? bearer.substring(7).trim()
                : ctx.request().getHeader("X-Gitlab-Token");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                secret.get().getBytes(StandardCharsets.UTF_8))) {
            JsonErrors.respond(ctx, 401, given == null
                    ? "missing function secret: send 'Authorization: Bearer <TRACKER_AUTH_TOKEN>' or 'X-Gitlab-Token'"
                    : "wrong function secret");
            return;
        }
        ctx.next();
    }
}
