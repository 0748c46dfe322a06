package com.gitlab.release.tracker.chat;

import com.gitlab.release.tracker.domain.notes.Markdown;

/**
 * A line of a chat reply, written once for its two forms: plain text (what a ChatOps job prints, Slack's
 * notification text) and Slack mrkdwn (the Block Kit section). Values from GitLab or notes go through
 * {@link Style#text} or {@link Style#code}; the function's own words are written as they are.
 */
@FunctionalInterface
interface ChatLine {

    String in(Style style);

    /** How a line shows values, emphasis, links and marks. */
    interface Style {
        String text(String value);

        String code(String value);

        String bold(String own);

        /** A link to an http(s) URL with the function's own label; in plain text the label alone. */
        String link(String url, String label);

        /** A link whose address the plain text shows too (where the details are). */
        String address(String url, String label);

        /** An emoji in Slack ({@code :pager:}); the word in plain text, or nothing. */
        String mark(String emoji, String word);
    }

    /** Plain text: values as they are (the reply escapes each line once, when it is sent). */
    Style PLAIN = new Style() {
        @Override
        public String text(String value) {
            return value == null ? "" : value;
        }

        @Override
        public String code(String value) {
            return text(value);
        }

        @Override
        public String bold(String own) {
            return own;
        }

        @Override
        public String link(String url, String label) {
            return label;
        }

        @Override
        public String address(String url, String label) {
            return label + Markdown.safeUrl(url).map(safe -> " " + safe).orElse("");
        }

        @Override
        public String mark(String emoji, String word) {
            return word.isEmpty() ? "" : word + " ";
        }
    };

    /** Slack's mrkdwn: values escaped so that they cannot link or mention. */
    Style SLACK = new Style() {
        @Override
        public String text(String value) {
            return Mrkdwn.text(value);
        }

        @Override
        public String code(String value) {
            return Mrkdwn.code(value);
        }

        @Override
        public String bold(String own) {
            return "*" + own + "*";
        }

        @Override
        public String link(String url, String label) {
            return Mrkdwn.link(url, label);
        }

        @Override
        public String address(String url, String label) {
            return link(url, label);
        }

        @Override
        public String mark(String emoji, String word) {
            return emoji + " ";
        }
    };
}
