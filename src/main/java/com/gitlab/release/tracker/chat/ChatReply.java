package com.gitlab.release.tracker.chat;

import java.util.List;

/**
 * A command's answer for chat: {@code text}, one line that stands alone (notifications, ChatOps), and
 * {@code sections}, short Markdown blocks for a richer view (Slack's Block Kit); {@code shared} asks to post it to
 * the channel rather than to the caller only; {@code status} is 200, or the status of the error it reports.
 */
public record ChatReply(String text, List<String> sections, boolean shared, int status) {

    public ChatReply {
        sections = List.copyOf(sections);
    }

    public boolean failed() {
        return status != 200;
    }
}
