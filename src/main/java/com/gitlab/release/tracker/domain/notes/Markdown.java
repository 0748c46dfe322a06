package com.gitlab.release.tracker.domain.notes;

/** Markdown that GitLab renders as plain text, so that names from a repository cannot add links or mentions. */
public final class Markdown {

    private Markdown() {
    }

    /**
     * A code span: GitLab renders no links, mentions ({@code @all}) or references inside one. The fence is one
     * backtick longer than the longest run of backticks in the text, so the text cannot close it.
     */
    public static String code(String text) {
        String clean = text.replaceAll("[\\r\\n]+", " ");
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

    /** A URL for a Markdown link target, with the characters that would end the target escaped. */
    public static String url(String url) {
        return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E");
    }
}
