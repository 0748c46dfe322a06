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

    /**
     * The text on one line, every character visible: each line break and control character (CR, LF, U+2028, NEL...)
     * a space, and each character that reorders or hides text ({@link #invisible}) written out as {@code \\u202e}.
     */
    public static String oneLine(String text) {
        return shown(text, true);
    }

    /**
     * Slack's three control characters escaped ({@code &}, {@code <}, {@code >}): Slack replies, and ChatOps replies,
     * which GitLab posts into Slack.
     */
    public static String slackEscaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The text with every character visible ({@link #invisible} written out), its line breaks kept. */
    public static String visible(String text) {
        return shown(text, false);
    }

    private static String shown(String text, boolean oneLine) {
        StringBuilder line = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int point = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    ? text.codePointAt(i) : c;
            boolean breaks = oneLine && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
            boolean hidden = invisible(point) || Character.isSurrogate(c) && point == c;
            if ((breaks || hidden) && line == null) {
                line = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (line != null) {
                if (breaks) {
                    line.append(' ');
                } else if (hidden) {
                    line.append(Character.isSurrogate(c) && point == c ? "\uFFFD" : "\\u" + Integer.toHexString(point));
                } else {
                    line.appendCodePoint(point);
                }
            }
            if (point > 0xFFFF) {
                i++;
            }
        }
        return line == null ? text : line.toString();
    }

    /**
     * Characters that reorder or hide the text around them: the bidirectional controls (U+202A-U+202E,
     * U+2066-U+2069, U+061C, U+200E/F), the zero-width ones (U+200B-U+200D, U+2060-U+2064, U+FEFF, U+180E), the soft
     * hyphen, the interlinear annotation marks and the tag characters.
     */
    static boolean invisible(int point) {
        return point == 0x061C || point == 0x180E || point == 0x00AD || point == 0xFEFF
                || point >= 0x200B && point <= 0x200F || point >= 0x202A && point <= 0x202E
                || point >= 0x2060 && point <= 0x2064 || point >= 0x2066 && point <= 0x2069
                || point >= 0xFFF9 && point <= 0xFFFB || point >= 0xE0000 && point <= 0xE007F;
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
        if (url == null || url.isEmpty() || url.length() > MAX_URL || url.codePoints().anyMatch(Markdown::invisible)) {
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
