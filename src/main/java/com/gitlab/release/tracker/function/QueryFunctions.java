package com.gitlab.release.tracker.function;

import jakarta.inject.Inject;

import com.gitlab.release.tracker.service.PostMigrationQueries;
import com.gitlab.release.tracker.service.ReleasePostMigrations;
import com.gitlab.release.tracker.service.RollbackCheck;
import com.gitlab.release.tracker.service.WhichPackage;

import io.quarkus.funqy.Funq;

/** The release managers' questions: {@code /which-package}, {@code /rollback-check}, {@code /release-post-migrations}. */
public class QueryFunctions {

    @Inject
    PostMigrationQueries queries;

    @Funq("which-package")
    public WhichPackage.Answer whichPackage(WhichPackage.Request request) {
        return queries.whichPackage(request);
    }

    @Funq("rollback-check")
    public RollbackCheck.Answer rollbackCheck(RollbackCheck.Request request) {
        return queries.rollbackCheck(request);
    }

    @Funq("release-post-migrations")
    public ReleasePostMigrations.Answer releasePostMigrations(ReleasePostMigrations.Request request) {
        return queries.releasePostMigrations(request);
    }
}
