package com.gitlab.release.tracker.chat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.http.BudgetedWork;
import com.gitlab.release.tracker.http.FunctionNames;
import com.gitlab.release.tracker.http.InvocationLog;
import com.gitlab.release.tracker.http.JsonErrors;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The chat entry points, beside the JSON functions (funqy binds JSON bodies only):
 * {@code POST /slack}, Slack's slash command (form-encoded, signed by Slack), and {@code POST /chatops}, for a
 * GitLab ChatOps job (the command text in, the reply text out). Both run {@link ChatCommands}.
 */
@ApplicationScoped
public class ChatRoutes {
    private static final Logger LOG = Logger.getLogger(ChatRoutes.class);
    private static final int BODY_LIMIT = 1024 * 1024;

    private final TrackerConfig config;
    private final ChatCommands commands;
    private final BudgetedWork budgeted;
    private final SlackResponseUrl responseUrl;
    private final InvocationLog log;
    private final ObjectMapper json;
    private final SlackReplays replays;

    public ChatRoutes(TrackerConfig config, ChatCommands commands, BudgetedWork budgeted,
            SlackResponseUrl responseUrl, InvocationLog log, ObjectMapper json, SlackReplays replays) {
        this.replays = replays;
        this.config = config;
        this.commands = commands;
        this.budgeted = budgeted;
        this.responseUrl = responseUrl;
        this.log = log;
        this.json = json;
    }

    void install(@Observes Router router) {
        if (config.slack().signingSecret().isPresent()) {
            router.post("/" + FunctionNames.SLACK).order(Integer.MIN_VALUE + 10)
                    .handler(BodyHandler.create().setBodyLimit(BODY_LIMIT))
                    .handler(this::slackSignature)
                    .blockingHandler(this::slack, false);
        } else {
            router.route("/" + FunctionNames.SLACK).order(Integer.MIN_VALUE + 10).handler(ctx -> JsonErrors.respond(ctx, 404,
                    "/slack is off: set TRACKER_SLACK_SIGNING_SECRET to the Slack app's signing secret"));
        }
        router.post("/" + FunctionNames.CHATOPS).order(Integer.MIN_VALUE + 10)
                .handler(BodyHandler.create().setBodyLimit(BODY_LIMIT))
                .blockingHandler(this::chatops, false);
    }

    /**
     * Slack's signature on the raw body: the only credential of {@code /slack} (Slack cannot send the function
     * secret). A refusal is a 401 before anything else runs.
     */
    private void slackSignature(RoutingContext ctx) {
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Instant now = Instant.now();
        String timestamp = ctx.request().getHeader("X-Slack-Request-Timestamp");
        String signature = ctx.request().getHeader("X-Slack-Signature");
        Optional<String> refusal = SlackSignature.refusal(config.slack().signingSecret().orElseThrow(), timestamp, signature, body, now)
                .or(() -> replays.firstTime(signature.trim(), Long.parseLong(timestamp.trim()), now) ? Optional.empty()
                        : Optional.of("this signed request was accepted before (a replay?)"));
        if (refusal.isPresent()) {
            LOG.warnf("refused a /slack request: %s", refusal.get());
            JsonErrors.respond(ctx, 401, "not a signed Slack request: " + refusal.get());
            return;
        }
        ctx.next();
    }

    /**
     * Answers within {@code TRACKER_SLACK_BUDGET} (Slack waits 3 s) with the result, else at once with "Working on
     * it…" and the result goes to {@code response_url} when ready. Every outcome is a readable message.
     */
    private void slack(RoutingContext ctx) {
        Map<String, String> form = form(ctx.body().asString());
        ChatCommand command = ChatCommand.parse(form.get("text"));
        String lateUrl = form.get("response_url");
        // Slack is answered 200 whatever the command's outcome (Slack shows only a 200's message); the log line and
        // the outcome label carry the command's own status.
        Optional<ChatReply> reply = log.runWaiting(FunctionNames.SLACK, invocation -> budgeted.within(config.slack().budget(),
                commands.run(invocation, command),
                (late, failure) -> responseUrl.post(lateUrl, failure == null ? SlackMessage.of(late)
                        : SlackMessage.ephemeral("Sorry, that failed: " + failure.getMessage()))),
                r -> Map.of("command", command.kind(), "status", r.map(ChatReply::status).orElse(202)),
                r -> r.map(ChatReply::status).orElse(202));
        SlackMessage message = reply.map(SlackMessage::of)
                .orElseGet(() -> responseUrl.allowed(lateUrl) ? SlackMessage.ephemeral("Working on it…")
                        : SlackMessage.ephemeral("This takes longer than Slack waits, and this request's response_url is"
                                + " not a Slack address (TRACKER_SLACK_RESPONSE_URL_PREFIX), so the answer cannot be sent:"
                                + " refused."));
        try {
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The reply's text as plain text, also for a failure (with its status, so the ChatOps job fails and prints the
     * line into the channel as it is).
     */
    private void chatops(RoutingContext ctx) {
        ChatCommand command = ChatCommand.parse(ctx.body() == null ? "" : ctx.body().asString());
        ChatReply reply = log.run(FunctionNames.CHATOPS, invocation -> commands.run(invocation, command),
                r -> Map.of("command", command.kind(), "status", r.status()), ChatReply::status).await().indefinitely();
        // GitLab posts what the job prints into Slack: each line escaped as Slack replies are.
        String text = ChatCommands.capped(reply.lines()).stream().map(SlackMessage::escape).collect(Collectors.joining("\n"));
        ctx.response().setStatusCode(reply.status()).putHeader("Content-Type", "text/plain; charset=utf-8").end(text + "\n");
    }

    /**
     * A form-encoded body's fields (the first value of each); none from a body that is no form (a bad {@code %}
     * escape): the command is then help. Linear in the body's length, which the route bounds.
     */
    static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        try {
            new QueryStringDecoder(body == null ? "" : body, StandardCharsets.UTF_8, false).parameters()
                    .forEach((name, values) -> fields.put(name, values.isEmpty() ? "" : values.get(0)));
        } catch (IllegalArgumentException e) {
            LOG.warnf("a /slack body that is no form: %s", e.getMessage());
            fields.clear();
        }
        return fields;
    }
}
