package com.gitlab.release.tracker.gitlab;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /projects/:id/merge_requests/:iid}, and each of {@code .../commits/:sha/merge_requests}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabMergeRequest(long iid, String title, String webUrl, String state, Author author, List<String> labels,
        Milestone milestone) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Author(String username) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Milestone(String title) {
    }
}
