package com.gitlab.release.tracker;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.http.FunctionNames;
import com.gitlab.release.tracker.http.JsonBodies;
import com.gitlab.release.tracker.packages.RecordPackageRequest;
import com.gitlab.release.tracker.queries.PendingPostMigrations;
import com.gitlab.release.tracker.queries.ReleasePostMigrations;
import com.gitlab.release.tracker.queries.RollbackCheck;
import com.gitlab.release.tracker.queries.RollbackTargets;
import com.gitlab.release.tracker.queries.WhichPackage;
import com.gitlab.release.tracker.triggers.Backfill;
import com.gitlab.release.tracker.triggers.DeploymentEvent;

/** The function's JSON entry points and the body each reads: the one place that knows every use case's request. */
@ApplicationScoped
public class Functions implements JsonBodies {

    private static final Map<String, Class<?>> BODIES = Map.of(
            FunctionNames.RECORD_PACKAGE, RecordPackageRequest.class,
            FunctionNames.WHICH_PACKAGE, WhichPackage.Request.class,
            FunctionNames.ROLLBACK_CHECK, RollbackCheck.Request.class,
            FunctionNames.ROLLBACK_TARGETS, RollbackTargets.Request.class,
            FunctionNames.PENDING_POST_MIGRATIONS, PendingPostMigrations.Request.class,
            FunctionNames.RELEASE_POST_MIGRATIONS, ReleasePostMigrations.Request.class,
            FunctionNames.DEPLOYMENT_EVENT, DeploymentEvent.class,
            FunctionNames.BACKFILL, Backfill.Request.class);

    @Override
    public Optional<Class<?>> of(String function) {
        return Optional.ofNullable(BODIES.get(function));
    }
}
