package com.gitlab.release.tracker.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.gitlab.release.tracker.config.TrackerConfig;

import io.quarkus.runtime.LaunchMode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may call: every route needs the function secret ({@code TRACKER_AUTH_TOKEN}, as a Bearer token or in
 * {@code X-Gitlab-Token}, compared in constant time), {@code /q/metrics} too (a scrape makes GitLab requests), except
 * the routes named in {@link #OPEN}: the health probes and {@code /slack}, whose only credential is Slack's signature
 * (Slack cannot send the function secret), checked on its raw body (dev mode's own pages are open in dev mode only).
 * The route is decided on the path the router serves (its normalised path: dot segments and {@code %2e} resolved),
 * never on the raw path: {@code /q/health/../../chatops} is {@code /chatops}. A refusal is a 401 before anything
 * else runs. (The Slack check is {@code chat/ChatRoutes}'.)
 */
@ApplicationScoped
public class Authentication {

    /** The routes open without the secret, exactly. */
    static final Set<String> OPEN = Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
            "/q/health/well", "/" + FunctionNames.SLACK);
    private static final String DEV_UI = "/q/dev-ui";

    private final TrackerConfig config;
    private final boolean devMode = LaunchMode.current() == LaunchMode.DEVELOPMENT;

    public Authentication(TrackerConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::functionSecret);
    }

    /** Whether a route the router serves is open without the secret. */
    boolean open(String normalizedPath) {
        return OPEN.contains(normalizedPath) || devMode && (normalizedPath.equals(DEV_UI) || normalizedPath.startsWith(DEV_UI + "/"));
    }

    private void functionSecret(RoutingContext ctx) {
        Optional<String> secret = config.authToken();
        if (secret.isEmpty() || open(ctx.normalizedPath())) {
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
