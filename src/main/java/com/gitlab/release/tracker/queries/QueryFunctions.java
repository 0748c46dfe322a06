package com.gitlab.release.tracker.queries;

import java.util.Map;

import jakarta.inject.Inject;

import com.gitlab.release.tracker.http.FunctionNames;
import com.gitlab.release.tracker.http.InvocationLog;

import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/**
 * The release managers' questions: {@code /which-package}, {@code /rollback-check}, {@code /rollback-targets},
 * {@code /pending-post-migrations},
 * {@code /release-post-migrations}, {@code /next-run}; each answered by one class.
 */
public class QueryFunctions {

    @Inject
    WhichPackage whichPackage;

    @Inject
    RollbackCheck rollbackCheck;

    @Inject
    RollbackTargets rollbackTargets;

    @Inject
    PendingPostMigrations pending;

    @Inject
    ReleasePostMigrations release;

    @Inject
    NextRun nextRun;

    @Inject
    InvocationLog log;

    @Funq(FunctionNames.WHICH_PACKAGE)
    public Uni<WhichPackage.Answer> whichPackage(WhichPackage.Request request) {
        return log.run(FunctionNames.WHICH_PACKAGE, invocation -> whichPackage.answer(invocation, request),
                a -> Map.of("found", a.found().size()));
    }

    @Funq(FunctionNames.ROLLBACK_CHECK)
    public Uni<RollbackCheck.Answer> rollbackCheck(RollbackCheck.Request request) {
        return log.run(FunctionNames.ROLLBACK_CHECK, invocation -> rollbackCheck.answer(invocation, request),
                a -> Map.of("safe", a.safe()));
    }

    @Funq(FunctionNames.ROLLBACK_TARGETS)
    public Uni<RollbackTargets.Answer> rollbackTargets(RollbackTargets.Request request) {
        return log.run(FunctionNames.ROLLBACK_TARGETS, invocation -> rollbackTargets.answer(invocation, request),
                a -> Map.of("environment", a.environment(), "targets", a.targets().size(), "safeTargets", a.safeTargets()));
    }

    @Funq(FunctionNames.PENDING_POST_MIGRATIONS)
    public Uni<PendingPostMigrations.Answer> pendingPostMigrations(PendingPostMigrations.Request request) {
        return log.run(FunctionNames.PENDING_POST_MIGRATIONS, invocation -> pending.answer(invocation, request),
                a -> Map.of("environment", a.environment(), "pending", a.pending().size()));
    }

    @Funq(FunctionNames.RELEASE_POST_MIGRATIONS)
    public Uni<ReleasePostMigrations.Answer> releasePostMigrations(ReleasePostMigrations.Request request) {
        return log.run(FunctionNames.RELEASE_POST_MIGRATIONS, invocation -> release.answer(invocation, request),
                a -> Map.of("release", a.release(), "packages", a.packages().size()));
    }

    @Funq(FunctionNames.NEXT_RUN)
    public Uni<NextRun.Answer> nextRun(NextRun.Request request) {
        return log.run(FunctionNames.NEXT_RUN, invocation -> nextRun.answer(invocation, request),
                a -> Map.of("environment", a.environment(), "postMigrations", a.postMigrations().size(), "lostTargets",
                        a.lostTargets().size()));
    }
}
