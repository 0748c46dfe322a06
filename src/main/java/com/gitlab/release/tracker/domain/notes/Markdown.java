package com.gitlab.release.tracker.domain.notes;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Markdown that GitLab renders as plain text, so that values from a repository, from GitLab or from a note cannot
 * act in a note: they hold no line break (so none starts a line, where {@code /close} would be a quick action run
 * as the bot), they mention nobody (each sits in a code span, where {@code @all} is text), and a link goes to an
 * http(s) URL only.
 */
public final class Markdown {

    /** The longest URL linked; a longer one is no link. */
    static final int MAX_URL = 2048;

    private Markdown() {
    }

    /**
     * A code span: GitLab renders no links, mentions ({@code @all}) or references inside one. Line breaks and other
     * control characters become spaces; the fence is one backtick longer than the longest run of backticks in the
     * text, so the text cannot close it.
     */
    public static String code(String text) {
        String clean = oneLine(text == null ? "" : text);
        int longest = 0;
        int run = 0;
        for (int i = 0; i < clean.length(); i++) {
            run = clean.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
        return fence + pad + clean + pad + fence;
    }

    /** The text on one line: every line break and control character (CR, LF, U+2028, NEL...) a space. */
    public static String oneLine(String text) {
        StringBuilder line = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean breaks = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (breaks && line == null) {
                line = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (line != null) {
                line.append(breaks ? ' ' : c);
            }
        }
        return line == null ? text : line.toString();
    }

    /**
     * {@code [text](url)} when {@code url} is a well-formed http(s) URL with a host (the characters that would end the
     * target escaped); else {@code text} alone. {@code text} is the function's own ({@code !123}, {@code job}).
     */
    public static String link(String text, String url) {
        return safeUrl(url).map(safe -> "[" + text + "](" + safe + ")").orElse(text);
    }

    /**
     * The URL as a link target may hold it: an absolute http(s) URL with a host, no white space or control character,
     * at most {@value #MAX_URL} characters; parentheses and angle brackets escaped. Empty for anything else
     * ({@code javascript:}, a line break, a relative path).
     */
    public static Optional<String> safeUrl(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        // java.net.URI refuses spaces, control characters, quotes and angle brackets; parentheses end a link target.
        return Optional.of(url.replace("(", "%28").replace(")", "%29"));
    }
}
