package com.gitlab.release.tracker.domain.migrations;

import java.util.Locale;

/**
 * What a post-migration does to the code of an older package, should production roll back to one without it: the
 * classes of the rollback risk rules ({@link RollbackRules}), from the gravest. {@link #UNKNOWN} weighs as
 * {@link #DESTRUCTIVE} in every verdict: what the rules cannot judge may well be.
 */
public enum RollbackRisk {
    /** Removes or rewrites what older code may read or write: a column, a table, a default, the rows themselves. */
    DESTRUCTIVE("removes or rewrites what older code may read or write"),
    /** Something the rules cannot judge from the code: custom SQL, model code, an unfamiliar helper, a file too large. */
    UNKNOWN("does what the rules cannot judge from its code"),
    /** Restricts what older code may write: NOT NULL and check constraints, text limits, unique indexes, foreign keys. */
    WRITES("restricts what older code may write"),
    /** Only removes an index, a foreign key or a constraint: older code works, maybe slower or less checked. */
    INDEX("only removes an index or a constraint"),
    /** Additive or bookkeeping only: older code notices nothing. */
    NONE("adds or keeps books only");

    private final String description;

    RollbackRisk(String description) {
        this.description = description;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** For notes and chat: {@code removes or rewrites what older code may read or write}. */
    public String description() {
        return description;
    }

    /** Whether a verdict weighs it as breaking older code. */
    public boolean breaking() {
        return this == DESTRUCTIVE || this == UNKNOWN;
    }

    /** The graver of two (declaration order: the first is the gravest). */
    public RollbackRisk graver(RollbackRisk other) {
        return other == null || ordinal() <= other.ordinal() ? this : other;
    }

    /** The risk a note or a caller spelt ({@code index}); null for anything else. */
    public static RollbackRisk read(String value) {
        if (value == null) {
            return null;
        }
        for (RollbackRisk risk : values()) {
            if (risk.value().equals(value)) {
                return risk;
            }
        }
        return null;
    }
}
