package com.gitlab.release.tracker.domain.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The write sequence of every note: none, then dry run, then the flag, else written. */
class NoteStatusTest {

    @Test
    void nothingToNoteWinsOverEverything() {
        assertThat(NoteStatus.withoutWriting(true, true, false)).contains(NoteStatus.NONE);
    }

    @Test
    void aDryRunWinsOverTheFlag() {
        assertThat(NoteStatus.withoutWriting(false, true, false)).contains(NoteStatus.DRY_RUN);
        assertThat(NoteStatus.withoutWriting(false, true, true)).contains(NoteStatus.DRY_RUN);
    }

    @Test
    void theFlagOffWritesNothing() {
        assertThat(NoteStatus.withoutWriting(false, false, false)).contains(NoteStatus.DISABLED);
    }

    @Test
    void otherwiseTheNoteIsWritten() {
        assertThat(NoteStatus.withoutWriting(false, false, true)).isEmpty();
        assertThat(NoteStatus.DRY_RUN.value()).isEqualTo("dry-run");
    }
}
