package com.gitlab.release.tracker.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What recording one post-deploy migration run answers ({@code /deployment-event} on a database environment). */
@RegisterForReflection
public record ExecutionResult(
        String environment,
        long deploymentId,
        String sha,
        String previousSha,
        /** When the run finished, ISO-8601; null when GitLab does not say. */
        String executedAt,
        List<PostMigrationEntry> executed,
        RecordPackageResult.NoteOutcome note,
        @JsonInclude(JsonInclude.Include.NON_NULL) RecordPackageResult.NoteOutcome trackingNote) {
}
