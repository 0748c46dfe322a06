package com.gitlab.release.tracker.gitlab;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.gitlab.release.tracker.domain.releases.UtcTime;

/** {@code GET /projects/:id/deployments}. {@code finished_at} and {@code deployable} may be absent or null. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabDeployment(long id, long iid, String ref, String sha, String status, String createdAt,
        String updatedAt, String finishedAt, Environment environment, Deployable deployable) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Environment(String name) {
    }

    /** {@code POST /projects/:id/deployments}: GitLab checks that {@code sha} and {@code ref} exist. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Create(String environment, String sha, String ref, boolean tag, String status) {
    }

    /** The CI job that ran the deployment. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Deployable(Long id, String webUrl) {
    }

    /** When it finished: {@code finished_at}, else {@code updated_at}, else {@code created_at}. */
    public Optional<Instant> finished() {
        return UtcTime.parse(finishedAt).or(() -> UtcTime.parse(updatedAt)).or(() -> UtcTime.parse(createdAt));
    }

    public String jobUrl() {
        return deployable == null ? null : deployable.webUrl();
    }
}
