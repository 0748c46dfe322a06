package com.gitlab.release.tracker.triggers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.gitlab.release.tracker.packages.RecordPackageAnswer;
import com.gitlab.release.tracker.notices.NoticeAnswer;
import com.gitlab.release.tracker.runs.RunAnswer;

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
     * What {@code /deployment-event} answers: why it did nothing ({@code skipped}), why it could not finish
     * ({@code failed}: GitLab kept failing; the scheduled backfill catches up), that it is still working
     * ({@code accepted}, HTTP 202), what record-package answers, or, for a post-deploy migration run, what it
     * executed.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String skipped, String failed, Boolean accepted, String detail,
            @JsonUnwrapped RecordPackageAnswer recorded, @JsonUnwrapped RunAnswer run, NoticeAnswer notice) {

        static Answer skipped(String why) {
            return new Answer(why, null, null, null, null, null, null);
        }

        static Answer failed(String why) {
            return new Answer(null, why, null, null, null, null, null);
        }

        static Answer accepted(String detail) {
            return new Answer(null, null, true, detail, null, null, null);
        }

        static Answer recorded(RecordPackageAnswer result) {
            return new Answer(null, null, null, null, result, null, null);
        }

        static Answer ran(RunAnswer result) {
            return new Answer(null, null, null, null, null, result, null);
        }

        /** A run that started (its notice), or one that ended without success (the line on its notice). */
        static Answer noticed(NoticeAnswer result) {
            return new Answer(null, null, null, null, null, null, result);
        }

        /** The fields of the invocation log line. */
        public java.util.Map<String, Object> logFields() {
            if (skipped != null) {
                return java.util.Map.of("skipped", skipped);
            }
            if (failed != null) {
                return java.util.Map.of("failed", failed);
            }
            if (accepted != null) {
                return java.util.Map.of("accepted", detail);
            }
            if (recorded != null) {
                return recorded.logFields();
            }
            if (notice != null) {
                return java.util.Map.of("environment", notice.environment(), "deploymentId", notice.deploymentId(), "notice",
                        notice.note().status(), "ended", String.valueOf(notice.ended()));
            }
            return java.util.Map.of("environment", run.environment(), "deploymentId", run.deploymentId(),
                    "executed", run.executed().size(), "note", run.note().status());
        }
    }
}
