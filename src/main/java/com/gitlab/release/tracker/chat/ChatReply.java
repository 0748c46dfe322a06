package com.gitlab.release.tracker.chat;

import java.util.List;

import com.gitlab.release.tracker.domain.notes.Markdown;

/**
 * A command's answer for chat, a few short lines: the verdict first, then a line per package or post-migration, then
 * where the details are. {@code lines}: plain text, each at most {@value #LINE} characters (what a ChatOps job
 * prints); {@code sections}: the same lines in Slack mrkdwn (Block Kit sections); {@code shared} asks to post it to
 * the channel rather than to the caller only; {@code status} is 200, or the status of the error it reports.
 */
public record ChatReply(List<String> lines, List<String> sections, boolean shared, int status) {

    /** The longest plain line: readable in a job's log and on a phone. */
    public static final int LINE = 160;

    public ChatReply {
        lines = lines.stream().map(ChatReply::shortLine).toList();
        sections = List.copyOf(sections);
    }

    /** A reply of the lines given, each written in both forms. */
    static ChatReply of(List<ChatLine> lines, boolean shared, int status) {
        return new ChatReply(lines.stream().map(line -> line.in(ChatLine.PLAIN)).toList(),
                lines.stream().map(line -> line.in(ChatLine.SLACK)).toList(), shared, status);
    }

    /** The verdict: the first line (Slack's notification text). */
    public String text() {
        return lines.isEmpty() ? "" : lines.get(0);
    }

    public boolean failed() {
        return status != 200;
    }

    /**
     * A text as lines of at most {@value #LINE} characters, broken at spaces (a word longer than a line is cut by
     * {@link #shortLine}); for messages that must be read whole, such as errors.
     */
    static List<String> wrapped(String text) {
        String shown = Markdown.oneLine(text);
        List<String> lines = new java.util.ArrayList<>();
        int start = 0;
        while (shown.length() - start > LINE) {
            int end = shown.lastIndexOf(' ', start + LINE);
            if (end <= start) {
                end = start + LINE - 1;
                if (Character.isHighSurrogate(shown.charAt(end - 1))) {
                    end--;
                }
            }
            lines.add(shown.substring(start, end));
            start = end + (shown.charAt(end) == ' ' ? 1 : 0);
        }
        lines.add(shown.substring(start));
        return lines;
    }

    /** One line, its invisible characters written out, cut to {@value #LINE} characters (never half a pair). */
    static String shortLine(String line) {
        String shown = Markdown.oneLine(line);
        if (shown.length() <= LINE) {
            return shown;
        }
        int end = LINE - 1;
        if (Character.isHighSurrogate(shown.charAt(end - 1))) {
            end--;
        }
        return shown.substring(0, end) + "…";
    }
}
