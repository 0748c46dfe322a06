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

    /** The fields of the invocation log line for one recorded package. */
    public java.util.Map<String, Object> logFields() {
        return java.util.Map.of("package", packageName, "postMigrations", postMigrations.size(), "note", note.status());
    }

    /**
     * What happened to the note: {@code status} is one of {@link Status}'s values; {@code duplicates} (left out
     * when 0) counts notes about the same thing that stay because the token may not delete them.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NoteOutcome(String status, Long id, String url, Integer duplicates) {

        static NoteOutcome of(Status status) {
            return new NoteOutcome(status.value, null, null, null);
        }

        static NoteOutcome of(Status status, long id, String issueUrl, int duplicates) {
            return new NoteOutcome(status.value, id, issueUrl + "#note_" + id, duplicates == 0 ? null : duplicates);
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
