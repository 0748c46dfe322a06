package com.gitlab.release.tracker.service;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /pending-post-migrations}: what is deployed to an environment but has not run on its database. */
public final class PendingPostMigrations {

    private PendingPostMigrations() {
    }

    /** {@code environment}: {@code gprd} (default), {@code gstg}, ...; {@code ref}: a package, SHA or branch. */
    @RegisterForReflection
    public record Request(String environment, String ref) {
    }

    @RegisterForReflection
    public record Answer(String environment, String deployedSha, String executedSha, String executedAt,
            List<PostMigrationEntry> pending, String text) {
    }
}
