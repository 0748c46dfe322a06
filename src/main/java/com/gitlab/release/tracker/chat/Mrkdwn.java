package com.gitlab.release.tracker.chat;

import com.gitlab.release.tracker.domain.notes.Markdown;

/**
 * Slack's mrkdwn for values from GitLab or from a note, so that they show as typed and cannot act: {@code &},
 * {@code <} and {@code >} escaped (else {@code <!channel>} would notify the channel and {@code <url|text>} would be
 * a link), on one line; links only to http(s) URLs.
 */
final class Mrkdwn {

    private Mrkdwn() {
    }

    /** A value as plain text, on one line. */
    static String text(String value) {
        return escape(Markdown.oneLine(value == null ? "" : value));
    }

    /** A value in a code span: a backtick in it would end the span, so it shows as an apostrophe. */
    static String code(String value) {
        return "`" + text(value).replace('`', '\'') + "`";
    }

    /** {@code <url|label>} for an http(s) URL; else the label alone. {@code label} is the function's own text. */
    static String link(String url, String label) {
        return Markdown.safeUrl(url).map(safe -> "<" + escape(safe).replace("|", "%7C") + "|" + label + ">").orElse(label);
    }

    /** Slack's three control characters escaped. */
    static String escape(String text) {
        return Markdown.slackEscaped(text);
    }
}
