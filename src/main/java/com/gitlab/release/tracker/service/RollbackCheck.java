package com.gitlab.release.tracker.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /rollback-check}: can an environment go back from {@code current} to {@code target}? Without an
 * environment, by the post-migrations introduced between the two packages; with one, by the post-migrations that
 * have run on its database.
 */
public final class RollbackCheck {

    private RollbackCheck() {
    }

    @RegisterForReflection
    public record Request(String current, String target, String environment) {
    }

    /**
     * {@code postMigrations}: what makes the rollback unsafe (introduced since target; with an environment, executed
     * and absent from target). The fields from {@code environment} on are set only with an environment.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(boolean safe, String current, String target, List<PostMigrationEntry> postMigrations,
            String text, String environment, String reason, String executedSha, String executedAt,
            Boolean deploymentInProgress, List<PostMigrationEntry> pendingDropped) {

        static Answer byPackages(boolean safe, String current, String target, List<PostMigrationEntry> postMigrations,
                String text) {
            return new Answer(safe, current, target, postMigrations, text, null, null, null, null, null, null);
        }
    }
}
