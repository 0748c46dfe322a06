package com.gitlab.release.tracker.notes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.release.tracker.domain.notes.NoteStatus;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What happened to a note, as answers show it: {@code status} ({@link NoteStatus#value()}), the note's {@code id}
 * and {@code url} when there is one, and {@code duplicates} (left out when 0): notes about the same thing that stay
 * because the token may not delete them.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoteOutcome(String status, Long id, String url, Integer duplicates) {

    public static NoteOutcome of(NoteStatus status) {
        return new NoteOutcome(status.value(), null, null, null);
    }

    static NoteOutcome of(NoteStatus status, long id, String issueUrl, int duplicates) {
        return new NoteOutcome(status.value(), id, issueUrl + "#note_" + id, duplicates == 0 ? null : duplicates);
    }
}
