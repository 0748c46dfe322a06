package com.gitlab.release.tracker.domain.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.rollback.HorizonMove;

class NoticeNoteTest {

    private static final String PATH = "db/post_migrate/20220207120000_remove_namespaces_legacy_state.rb";
    private static final NoticeRecord NOTICE = new NoticeRecord(new DatabaseEnvironment("db/gprd"), 4242,
            "c3c3c3c3c3c1b2c3d4e5f60718293a4b5c6d7e8f", "97d6e07c2a1b2c3d4e5f60718293a4b5c6d7e8f9", List.of(PATH));
    private static final HorizonMove MOVE = HorizonMove.between(List.of(new HorizonMove.Judged("P1", true, false)),
            List.of(new HorizonMove.Judged("P1", false, true)));

    @Test
    void theNoticeIsFoundByItsRunAndIsNoOtherRecord() {
        String body = NoticeNote.render(NOTICE, "gprd", MOVE, null, Map.of(), Map.of());

        assertThat(NoticeNote.parse(body)).contains(NOTICE);
        assertThat(NoticeNote.parse(body).orElseThrow().sameRun(new DatabaseEnvironment("db/gprd"), 4242)).isTrue();
        assertThat(NoticeNote.parse(body).orElseThrow().sameRun(new DatabaseEnvironment("db/gstg"), 4242)).isFalse();
        assertThat(PackageNote.parse(body)).isEmpty();
        assertThat(RunNote.parse(body)).isEmpty();
        assertThat(NoteMarker.claimedKind(body)).contains("notice");
        assertThat(body).contains("Post-deploy migration run starting on `db/gprd`", "It will execute 1 post-deployment migration",
                "safe now, not after it: `P1`", "moves from none to `P1`", "Judged by their own code, these targets would break on what it executes: `P1`");
    }

    @Test
    void aFailedRunAddsOneLineOnce() {
        String body = NoticeNote.render(NOTICE, "gprd", MOVE, null, Map.of(), Map.of());
        String ended = NoticeNote.ended(body, "failed", "2022-02-09 06:00:00 UTC");

        assertThat(ended).startsWith(body).containsOnlyOnce("This run ended without success:** `failed` at `2022-02-09 06:00:00 UTC`");
        assertThat(NoticeNote.ended(ended, "canceled", null)).isEqualTo(ended);
        assertThat(NoticeNote.parse(ended)).contains(NOTICE);
        // The time is the webhook's text: it cannot start a line (a quick action) or mention anyone.
        String hostile = NoticeNote.ended(body, "failed", "x\n/close @all");
        assertThat(hostile.substring(body.length())).doesNotContain("\n/close").contains(" at `x /close @all`.");
    }

    @Test
    void aRunThatMovesNothingSaysSo() {
        String body = NoticeNote.render(NOTICE, "gprd", HorizonMove.between(List.of(), List.of()), null, Map.of(), Map.of());
        assertThat(body).contains("nothing: every rollback target keeps its verdict");
    }
}
