package com.gitlab.release.tracker.domain.migrations;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A post-migration's rollback risk as a note's marker records it and answers list it: its class
 * ({@link RollbackRisk#value()}) and its operations.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MigrationRisk(String rollbackRisk, List<String> operations) {

    public MigrationRisk {
        operations = operations == null ? List.of() : operations.stream().filter(java.util.Objects::nonNull).toList();
    }

    public static MigrationRisk of(MigrationKind kind) {
        return new MigrationRisk(kind.rollbackRisk().value(), kind.operations());
    }

    /** The class, {@link RollbackRisk#UNKNOWN} for one a note spelt that the function does not know. */
    public RollbackRisk risk() {
        RollbackRisk risk = RollbackRisk.read(rollbackRisk);
        return risk == null ? RollbackRisk.UNKNOWN : risk;
    }
}
