package com.gitlab.release.tracker.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer of {@code POST /record-package}. */
@RegisterForReflection
public record RecordPackageResult(
        @JsonProperty("package") String packageName,
        String sha,
        String previousSha,
        List<PostMigrationEntry> postMigrations,
        NoteOutcome note,
        /** The note on the tracking issue, when one is configured besides the monthly issue; else left out. */
        @JsonInclude(JsonInclude.Include.NON_NULL) NoteOutcome trackingNote) {

    /** What happened to the package's note: {@code status} is one of {@link Status}'s values. */
    @RegisterForReflection
    public record NoteOutcome(String status, Long id, String url) {

        static NoteOutcome of(Status status) {
            return new NoteOutcome(status.value, null, null);
        }

        static NoteOutcome of(Status status, long id, String issueUrl) {
            return new NoteOutcome(status.value, id, issueUrl + "#note_" + id);
        }
    }

    public enum Status {
        CREATED("created"), EXISTS("exists"), NONE("none"), DRY_RUN("dry-run"), DISABLED("disabled");

        final String value;

        Status(String value) {
            this.value = value;
        }
    }
}
