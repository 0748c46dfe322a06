package com.gitlab.release.tracker.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.gitlab.release.tracker.domain.notes.Markdown;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A Slack message: the slash command's answer, or what is POSTed to its {@code response_url} later. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlackMessage(@JsonProperty("response_type") String responseType, String text, List<Block> blocks) {

    /** A Block Kit section of Markdown ({@code mrkdwn}). */
    @RegisterForReflection
    public record Block(String type, Text text) {
        static Block section(String markdown) {
            return new Block("section", new Text("mrkdwn", markdown));
        }
    }

    @RegisterForReflection
    public record Text(String type, String text) {
    }

    static final String EPHEMERAL = "ephemeral";
    static final String IN_CHANNEL = "in_channel";

    /** The reply as Block Kit sections; to the channel only when asked ({@code --public}) and not an error. */
    static SlackMessage of(ChatReply reply) {
        List<Block> blocks = ChatCommands.capped(reply.sections()).stream()
                .map(section -> Block.section(reply.failed() ? escape(section) : section)).toList();
        return new SlackMessage(reply.shared() && !reply.failed() ? IN_CHANNEL : EPHEMERAL, escape(reply.text()), blocks);
    }

    /** The reply as a message for Slack's incoming webhook, which posts to its own channel (no response type). */
    public static SlackMessage forWebhook(ChatReply reply) {
        SlackMessage message = of(reply);
        return new SlackMessage(null, message.text(), message.blocks());
    }

    static SlackMessage ephemeral(String text) {
        return new SlackMessage(EPHEMERAL, escape(text), null);
    }

    /** Slack's three control characters in text that must show as typed (mrkdwn would read links and mentions). */
    static String escape(String text) {
        return Markdown.slackEscaped(text);
    }
}
