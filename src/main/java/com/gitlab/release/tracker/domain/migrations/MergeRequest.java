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
public record MergeRequest(long iid, String url, String title, String author, String group, String milestone, Boolean security) {

    /** The longest title, author, group or milestone kept: anyone's MR may carry a long one into a note. */
    static final int LONGEST_FIELD = 200;
    /** The longest link kept. */
    static final int LONGEST_URL = 1_000;
    /** What notes and chat say of a merge request that is not public: nothing else of it is read or written. */
    public static final String SECURITY = "a security merge request";

    public MergeRequest {
        title = shortened(title);
        author = shortened(author);
        group = shortened(group);
        milestone = shortened(milestone);
        url = url == null || url.length() > LONGEST_URL ? null : url;
        security = Boolean.TRUE.equals(security) ? Boolean.TRUE : null;
        if (security != null) {
            iid = 0;
            url = null;
            title = null;
            author = null;
            group = null;
            milestone = null;
        }
    }

    public MergeRequest(long iid, String url, String title, String author, String group, String milestone) {
        this(iid, url, title, author, group, milestone, null);
    }

    /**
     * A merge request of a project that is not public (the security mirror, where fixes are embargoed until their
     * release): notes on public issues and chat say only that it is one.
     */
    public static MergeRequest securityMergeRequest() {
        return new MergeRequest(0, null, null, null, null, null, true);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isSecurity() {
        return security != null;
    }

    private static String shortened(String text) {
        return text == null || text.length() <= LONGEST_FIELD ? text : text.substring(0, LONGEST_FIELD - 1) + "…";
    }

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
        if (isSecurity()) {
            return SECURITY;
        }
        return Markdown.link("!" + iid, url) + (author == null ? "" : " by " + Markdown.code(author))
                + (group == null ? "" : ", " + Markdown.code(group));
    }

    /** For notes and chat: {@code !123 by jdoe (group::database)}; no mention, so nobody is notified. */
    public String describe() {
        if (isSecurity()) {
            return SECURITY;
        }
        return "!" + iid + (author == null ? "" : " by " + author) + (group == null ? "" : " (" + group + ")");
    }
}
