package com.gitlab.release.tracker.runs;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.notes.NoteOutcome;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What recording one post-deploy migration run answers ({@code /deployment-event} on a database environment):
 * the run, and the post-migrations it {@code executed} for the first time.
 */
@RegisterForReflection
public record RunAnswer(
        String environment,
        long deploymentId,
        String sha,
        String previousSha,
        /** When the run finished, ISO-8601; null when GitLab does not say. */
        String executedAt,
        List<PostMigrationEntry> executed,
        NoteOutcome note,
        @JsonInclude(JsonInclude.Include.NON_NULL) NoteOutcome trackingNote) {
}
