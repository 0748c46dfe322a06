package com.gitlab.release.tracker.domain.migrations;

import java.util.List;
import java.util.Optional;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.release.tracker.domain.notes.Markdown;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The merge request that brought a post-migration: who to reach when its post-deploy migration fails or blocks a
 * rollback. {@code author} is a username, shown without {@code @} (a mention would notify); {@code group} is the
 * MR's first {@code group::} label.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MergeRequest(long iid, String url, String title, String author, String group, String milestone) {

    private static final Pattern NAMED = Pattern.compile("See merge request ([\\w.\\-/]+)!(\\d+)");

    /** An MR a merge commit names: its project and IID. */
    public record Reference(String project, long iid) {
    }

    /**
     * The MR a merge commit's message names ({@code See merge request gitlab-org/gitlab!123}), if any: the last such
     * line whose number is an IID (1 to 18 digits; a longer one is no MR). Linear in the message's length (re2j).
     */
    public static Optional<Reference> namedIn(String commitMessage) {
        Matcher m = commitMessage == null ? null : NAMED.matcher(commitMessage);
        Reference found = null;
        while (m != null && m.find()) {
            String number = m.group(2);
            if (number.length() <= 18) {
                found = new Reference(m.group(1), Long.parseLong(number));
            }
        }
        return Optional.ofNullable(found);
    }

    /** The first {@code group::} label, as it is written ({@code group::database}); null when there is none. */
    public static String groupOf(List<String> labels) {
        return labels == null ? null : labels.stream().filter(l -> l.startsWith("group::")).findFirst().orElse(null);
    }

    /**
     * For notes: {@code [!123](url) by `jdoe`, `group::database`}. The username in a code span: no mention, so nobody
     * is notified (GitLab notifies every {@code @}).
     */
    public String markdown() {
        return Markdown.link("!" + iid, url) + (author == null ? "" : " by " + Markdown.code(author))
                + (group == null ? "" : ", " + Markdown.code(group));
    }

    /** For notes and chat: {@code !123 by jdoe (group::database)}; no mention, so nobody is notified. */
    public String describe() {
        return "!" + iid + (author == null ? "" : " by " + author) + (group == null ? "" : " (" + group + ")");
    }
}
