package com.gitlab.release.tracker.gitlab;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /projects/:id/deployments}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabDeployment(long id, long iid, String ref, String sha, String status, String createdAt,
        String updatedAt, Environment environment) {

    public record Environment(String name) {
    }
}
