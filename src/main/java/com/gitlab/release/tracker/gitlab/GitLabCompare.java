package com.gitlab.release.tracker.gitlab;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /projects/:id/repository/compare}. The diffs' {@code diff} texts are not mapped: Jackson skips them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabCompare(List<Commit> commits, List<GitLabDiff> diffs, boolean compareTimeout,
        boolean compareSameRef, String webUrl) {

    public List<GitLabDiff> diffs() {
        return diffs == null ? List.of() : diffs;
    }

    public List<Commit> commits() {
        return commits == null ? List.of() : commits;
    }

    /** A commit of the compare; only its id is read. */
    public record Commit(String id) {
    }
}
