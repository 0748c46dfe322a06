package com.gitlab.release.tracker.domain.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;

/** The rollback verdict by the point of no return, without HTTP. */
class RollbackVerdictTest {

    private static final DatabaseEnvironment GPRD = new DatabaseEnvironment("db/gprd");
    private static final String RAN = "db/post_migrate/20220201173212_add_index.rb";
    private static final String NOT_RUN = "db/post_migrate/20220207100000_queue_backfill.rb";

    private static SortedSet<String> set(String... paths) {
        return new TreeSet<>(java.util.List.of(paths));
    }

    @Test
    void aPostMigrationThatRanAndIsNotInTheTargetMakesItUnsafe() {
        RollbackVerdict verdict = RollbackVerdict.judge(GPRD, set(RAN, NOT_RUN), Optional.of(set(RAN)), false);

        assertThat(verdict.safe()).isFalse();
        assertThat(verdict.blocking()).containsExactly(RAN);
        assertThat(verdict.pendingDropped()).containsExactly(NOT_RUN);
        assertThat(verdict.reason()).isEqualTo("post-migrations executed");
    }

    @Test
    void onlyDeployedButNotRunIsSafeAndDropsThem() {
        RollbackVerdict verdict = RollbackVerdict.judge(GPRD, set(NOT_RUN), Optional.of(set()), false);

        assertThat(verdict.safe()).isTrue();
        assertThat(verdict.blocking()).isEmpty();
        assertThat(verdict.pendingDropped()).containsExactly(NOT_RUN);
        assertThat(verdict.reason()).isEqualTo("none");
    }

    @Test
    void withoutARunOnRecordEveryPostMigrationSinceTheTargetBlocks() {
        RollbackVerdict verdict = RollbackVerdict.judge(GPRD, set(RAN, NOT_RUN), Optional.empty(), false);

        assertThat(verdict.safe()).isFalse();
        assertThat(verdict.blocking()).containsExactly(RAN, NOT_RUN);
        assertThat(verdict.pendingDropped()).isEmpty();
        assertThat(verdict.reason()).isEqualTo("no post-deploy migration run on record for db/gprd, judged by post-migrations"
                + " introduced since target: 2");
    }

    @Test
    void aDeploymentInProgressIsNeverSafe() {
        RollbackVerdict verdict = RollbackVerdict.judge(GPRD, set(), Optional.of(set()), true);

        assertThat(verdict.safe()).isFalse();
        assertThat(verdict.reason()).isEqualTo("deployment in progress");
    }
}
