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
import io.smallrye.mutiny.Uni;

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

    @Funq(FunctionNames.WHICH_PACKAGE)
    public Uni<WhichPackage.Answer> whichPackage(WhichPackage.Request request) {
        return log.run(FunctionNames.WHICH_PACKAGE, invocation -> queries.whichPackage(invocation, request), a -> Map.of("found", a.found().size()));
    }

    @Funq(FunctionNames.ROLLBACK_CHECK)
    public Uni<RollbackCheck.Answer> rollbackCheck(RollbackCheck.Request request) {
        return log.run(FunctionNames.ROLLBACK_CHECK, invocation -> queries.rollbackCheck(invocation, request), a -> Map.of("safe", a.safe()));
    }

    @Funq(FunctionNames.PENDING_POST_MIGRATIONS)
    public Uni<PendingPostMigrations.Answer> pendingPostMigrations(PendingPostMigrations.Request request) {
        return log.run(FunctionNames.PENDING_POST_MIGRATIONS, invocation -> executionQueries.pending(invocation, request),
                a -> Map.of("environment", a.environment(), "pending", a.pending().size()));
    }

    @Funq(FunctionNames.RELEASE_POST_MIGRATIONS)
    public Uni<ReleasePostMigrations.Answer> releasePostMigrations(ReleasePostMigrations.Request request) {
        return log.run(FunctionNames.RELEASE_POST_MIGRATIONS, invocation -> queries.releasePostMigrations(invocation, request),
                a -> Map.of("release", a.release(), "packages", a.packages().size()));
    }
}
