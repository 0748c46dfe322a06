package com.gitlab.release.tracker.function;

import java.util.Map;

import jakarta.inject.Inject;

import com.gitlab.release.tracker.service.ExecutionQueries;
import com.gitlab.release.tracker.service.PendingPostMigrations;
import com.gitlab.release.tracker.service.PostMigrationQueries;
import com.gitlab.release.tracker.service.ReleasePostMigrations;
import com.gitlab.release.tracker.service.RollbackCheck;
import com.gitlab.release.tracker.service.WhichPackage;

import io.quarkus.funqy.Funq;

/**
 * The release managers' questions: {@code /which-package}, {@code /rollback-check}, {@code /pending-post-migrations},
 * {@code /release-post-migrations}.
 */
public class QueryFunctions {

    @Inject
    PostMigrationQueries queries;

    @Inject
    ExecutionQueries executionQueries;

    @Inject
    InvocationLog log;

    @Funq("which-package")
    public WhichPackage.Answer whichPackage(WhichPackage.Request request) {
        return log.run("which-package", () -> queries.whichPackage(request), a -> Map.of("found", a.found().size()));
    }

    @Funq("rollback-check")
    public RollbackCheck.Answer rollbackCheck(RollbackCheck.Request request) {
        return log.run("rollback-check", () -> queries.rollbackCheck(request), a -> Map.of("safe", a.safe()));
    }

    @Funq("pending-post-migrations")
    public PendingPostMigrations.Answer pendingPostMigrations(PendingPostMigrations.Request request) {
        return log.run("pending-post-migrations", () -> executionQueries.pending(request),
                a -> Map.of("environment", a.environment(), "pending", a.pending().size()));
    }

    @Funq("release-post-migrations")
    public ReleasePostMigrations.Answer releasePostMigrations(ReleasePostMigrations.Request request) {
        return log.run("release-post-migrations", () -> queries.releasePostMigrations(request),
                a -> Map.of("release", a.release(), "packages", a.packages().size()));
    }
}
