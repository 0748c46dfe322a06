package com.gitlab.release.tracker.domain.migrations;

import java.util.Collection;
import java.util.Locale;

/**
 * What rolling back to a package would break, from the rollback risk of each post-migration executed beyond it
 * (those the strict rule blocks on): {@link #NONE} when nothing ran beyond it, {@link #COMPATIBLE} when all that
 * ran is additive or bookkeeping, {@link #REVIEW} when some restricts writes or removes an index, {@link #BREAKING}
 * when some is destructive or cannot be judged. The strict verdict ({@code safe}) stays what it is; this says what
 * the database engineer's review would find first.
 */
public enum RollbackImpact {
    NONE("nothing executed beyond it"),
    COMPATIBLE("older code is compatible with what ran beyond it"),
    REVIEW("what ran beyond it restricts what older code may write or removes an index: review before rolling back"),
    BREAKING("what ran beyond it would break older code");

    private final String description;

    RollbackImpact(String description) {
        this.description = description;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    /** The impact of the post-migrations executed beyond the target, each by its rollback risk. */
    public static RollbackImpact of(Collection<RollbackRisk> executedBeyond) {
        if (executedBeyond.isEmpty()) {
            return NONE;
        }
        if (executedBeyond.stream().anyMatch(RollbackRisk::breaking)) {
            return BREAKING;
        }
        if (executedBeyond.stream().anyMatch(risk -> risk == RollbackRisk.WRITES || risk == RollbackRisk.INDEX)) {
            return REVIEW;
        }
        return COMPATIBLE;
    }

    /** Whether a post-migration of this risk is one the impact comes from (the graver ones behind it). */
    public boolean causedBy(RollbackRisk risk) {
        return switch (this) {
            case BREAKING -> risk.breaking();
            case REVIEW -> risk == RollbackRisk.WRITES || risk == RollbackRisk.INDEX;
            case COMPATIBLE -> true;
            case NONE -> false;
        };
    }
}
