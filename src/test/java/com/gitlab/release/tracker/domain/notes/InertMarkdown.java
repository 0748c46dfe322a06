package com.gitlab.release.tracker.domain.notes;

import java.util.ArrayList;
import java.util.List;

/**
 * What would make a note act when GitLab renders it, as tests look for it: a line that starts with {@code /} (a quick
 * action, run as the note's author), an {@code @} outside a code span (a mention), a link to anything but an http(s)
 * URL, raw HTML but the marker's comment.
 */
public final class InertMarkdown {

    private InertMarkdown() {
    }

    public static List<String> problems(String markdown) {
        List<String> problems = new ArrayList<>();
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("/")) {
                problems.add("a line starts with /: " + line);
            }
        }
        String outside = outsideCode(markdown);
        String text = outside.startsWith("<!--") ? outside.substring(outside.indexOf("-->") + 3) : outside;
        if (outside.contains("@")) {
            problems.add("an @ outside code");
        }
        if (text.contains("<")) {
            problems.add("raw HTML outside code and the marker");
        }
        for (int at = text.indexOf("]("); at >= 0; at = text.indexOf("](", at + 2)) {
            String target = text.substring(at + 2);
            if (!(target.startsWith("https://") || target.startsWith("http://"))) {
                problems.add("a link to " + target.substring(0, Math.min(30, target.length())));
            }
        }
        return problems;
    }

    /** The text with every code span left out (a run of n backticks to the next run of exactly n). */
    private static String outsideCode(String markdown) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < markdown.length()) {
            if (markdown.charAt(i) != '`') {
                out.append(markdown.charAt(i++));
                continue;
            }
            int run = runAt(markdown, i);
            int close = i + run;
            while (close < markdown.length()) {
                int next = markdown.indexOf('`', close);
                if (next < 0) {
                    close = markdown.length();
                    break;
                }
                int length = runAt(markdown, next);
                if (length == run) {
                    close = next + length;
                    break;
                }
                close = next + length;
            }
            i = close;
        }
        return out.toString();
    }

    private static int runAt(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) == '`') {
            end++;
        }
        return end - from;
    }
}
