package com.gitlab.release.tracker.gitlab;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code GET /projects/:id/repository/compare}, as {@link CompareReader} reads it: without the diff texts. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GitLabCompare(List<Commit> commits, List<GitLabDiff> diffs, boolean compareTimeout,
        boolean compareSameRef, String webUrl) {

    public List<GitLabDiff> diffs() {
        return diffs == null ? List.of() : diffs;
    }

    public List<Commit> commits() {
        return commits == null ? List.of() : commits;
    }

    /** A commit of the compare; only its id is read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Commit(String id) {
    }
}
