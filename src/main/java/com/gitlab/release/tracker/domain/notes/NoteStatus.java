package com.gitlab.release.tracker.domain.notes;

import java.util.Optional;

/** What became of the note a call is about; {@link #value()} is how answers spell it. */
public enum NoteStatus {
    /** This call wrote it. */
    CREATED("created"),
    /** It was there already; nothing written. */
    EXISTS("exists"),
    /** Nothing to note (no post-migration); nothing written, no issue looked up. */
    NONE("none"),
    /** The caller asked for a dry run; nothing written. */
    DRY_RUN("dry-run"),
    /** The note flag is off ({@code TRACKER_NOTE_ENABLED=false}); nothing written. */
    DISABLED("disabled");

    private final String value;

    NoteStatus(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /**
     * The write sequence of every note, in this order: nothing to note, a dry run, the flag off; empty when the
     * note is to be written.
     */
    public static Optional<NoteStatus> withoutWriting(boolean nothingToNote, boolean dryRun, boolean enabled) {
        if (nothingToNote) {
            return Optional.of(NONE);
        }
        if (dryRun) {
            return Optional.of(DRY_RUN);
        }
        return enabled ? Optional.empty() : Optional.of(DISABLED);
    }
}
