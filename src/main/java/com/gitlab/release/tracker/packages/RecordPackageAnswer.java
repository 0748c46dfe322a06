package com.gitlab.release.tracker.packages;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.notes.NoteOutcome;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer of {@code POST /record-package}, and of a package recorded by a deployment event or a backfill. */
@RegisterForReflection
public record RecordPackageAnswer(
        @JsonProperty("package") String packageName,
        String sha,
        String previousSha,
        List<PostMigrationEntry> postMigrations,
        NoteOutcome note,
        /** The note on the tracking issue, when one is configured besides the monthly issue; else left out. */
        @JsonInclude(JsonInclude.Include.NON_NULL) NoteOutcome trackingNote,
        /** The package's deployment on TRACKER_PACKAGES_ENVIRONMENT; left out when it adds no post-migration. */
        @JsonInclude(JsonInclude.Include.NON_NULL) PackagesEnvironment.Logged deployment,
        /** The note on the package's QA issue, with TRACKER_QA_ISSUE_NOTES; else left out. */
        @JsonInclude(JsonInclude.Include.NON_NULL) NoteOutcome qaNote) {

    /** The fields of the invocation log line for one recorded package. */
    public Map<String, Object> logFields() {
        return Map.of("package", packageName, "postMigrations", postMigrations.size(), "note", note.status());
    }
}
