package com.gitlab.release.tracker.function;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.SlackSignature;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may call: every route needs the function secret ({@code TRACKER_AUTH_TOKEN}, as a Bearer token or in
 * {@code X-Gitlab-Token}, compared in constant time), except the health probes and {@code /slack}, whose only
 * credential is Slack's signature (Slack cannot send the function secret), checked on its raw body. A refusal is a
 * 401 before anything else runs.
 */
@ApplicationScoped
public class Authentication {
    private static final Logger LOG = Logger.getLogger(Authentication.class);

    private final TrackerConfig config;

    public Authentication(TrackerConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::functionSecret);
    }

    private void functionSecret(RoutingContext ctx) {
        Optional<String> secret = config.authToken().filter(s -> !s.isBlank());
        String path = ctx.request().path();
        if (secret.isEmpty() || path.startsWith("/q/") || path.equals("/" + FunctionNames.SLACK)) {
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

    /** The Slack signature check of {@code /slack}, on the raw body (after the body is read). */
    void slackSignature(RoutingContext ctx) {
        String signingSecret = config.slack().signingSecret().filter(s -> !s.isBlank()).orElseThrow();
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Optional<String> refusal = SlackSignature.refusal(signingSecret, ctx.request().getHeader("X-Slack-Request-Timestamp"),
                ctx.request().getHeader("X-Slack-Signature"), body, Instant.now());
        if (refusal.isPresent()) {
            LOG.warnf("refused a /slack request: %s", refusal.get());
            JsonErrors.respond(ctx, 401, "not a signed Slack request: " + refusal.get());
            return;
        }
        ctx.next();
    }
}
