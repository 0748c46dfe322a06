package com.gitlab.release.tracker.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** GitLab's Deployment webhook body ({@code X-Gitlab-Event: Deployment Hook}); unknown fields are ignored. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeploymentEvent(
        String objectKind,
        String status,
        String statusChangedAt,
        Long deploymentId,
        Long deployableId,
        String deployableUrl,
        String environment,
        Project project,
        String shortSha,
        String commitUrl,
        String commitTitle,
        String ref) {

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Project(Long id, String pathWithNamespace) {
    }

    /**
     * What {@code /deployment-event} answers: why it did nothing, what record-package answers, or, for a
     * post-deploy migration run, what it executed.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String skipped, @JsonUnwrapped RecordPackageResult recorded,
            @JsonUnwrapped ExecutionResult execution) {

        static Answer skipped(String why) {
            return new Answer(why, null, null);
        }

        static Answer recorded(RecordPackageResult result) {
            return new Answer(null, result, null);
        }

        static Answer executed(ExecutionResult result) {
            return new Answer(null, null, result);
        }
    }
}
