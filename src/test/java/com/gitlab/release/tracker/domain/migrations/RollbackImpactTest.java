package com.gitlab.release.tracker.domain.migrations;

import static com.gitlab.release.tracker.domain.migrations.RollbackRisk.DESTRUCTIVE;
import static com.gitlab.release.tracker.domain.migrations.RollbackRisk.INDEX;
import static com.gitlab.release.tracker.domain.migrations.RollbackRisk.NONE;
import static com.gitlab.release.tracker.domain.migrations.RollbackRisk.UNKNOWN;
import static com.gitlab.release.tracker.domain.migrations.RollbackRisk.WRITES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a rollback would break, from the rollback risk of what ran beyond its target. */
class RollbackImpactTest {

    @Test
    void nothingBeyondTheTargetIsNone() {
        assertThat(RollbackImpact.of(List.of())).isEqualTo(RollbackImpact.NONE);
    }

    @Test
    void onlyAdditiveOrBookkeepingIsCompatible() {
        assertThat(RollbackImpact.of(List.of(NONE, NONE))).isEqualTo(RollbackImpact.COMPATIBLE);
    }

    @Test
    void aRestrictionOrARemovedIndexIsForReview() {
        assertThat(RollbackImpact.of(List.of(NONE, INDEX))).isEqualTo(RollbackImpact.REVIEW);
        assertThat(RollbackImpact.of(List.of(WRITES, NONE))).isEqualTo(RollbackImpact.REVIEW);
    }

    @Test
    void destructiveOrUnknownBreaksOlderCode() {
        assertThat(RollbackImpact.of(List.of(NONE, WRITES, DESTRUCTIVE))).isEqualTo(RollbackImpact.BREAKING);
        assertThat(RollbackImpact.of(List.of(INDEX, UNKNOWN))).as("unknown weighs as destructive").isEqualTo(RollbackImpact.BREAKING);
    }

    @Test
    void theImpactComesFromItsGraverPostMigrations() {
        assertThat(RollbackImpact.BREAKING.causedBy(UNKNOWN)).isTrue();
        assertThat(RollbackImpact.BREAKING.causedBy(WRITES)).isFalse();
        assertThat(RollbackImpact.REVIEW.causedBy(INDEX)).isTrue();
        assertThat(RollbackImpact.REVIEW.causedBy(NONE)).isFalse();
        assertThat(RollbackImpact.COMPATIBLE.causedBy(NONE)).isTrue();
    }

    @Test
    void aRecordedRiskTheFunctionDoesNotKnowIsUnknown() {
        assertThat(new MigrationRisk("catastrophic", List.of()).risk()).isEqualTo(UNKNOWN);
        assertThat(new MigrationRisk("index", null).risk()).isEqualTo(INDEX);
    }
}
