package com.gitlab.release.tracker;

import java.util.Arrays;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.http.FunctionNames;
import com.gitlab.release.tracker.http.JsonBodies;
import com.gitlab.release.tracker.packages.RecordPackageAnswer;
import com.gitlab.release.tracker.packages.RecordPackageRequest;
import com.gitlab.release.tracker.queries.NextRun;
import com.gitlab.release.tracker.queries.PendingPostMigrations;
import com.gitlab.release.tracker.queries.ReleasePostMigrations;
import com.gitlab.release.tracker.queries.RollbackCheck;
import com.gitlab.release.tracker.queries.RollbackTargets;
import com.gitlab.release.tracker.queries.WhichPackage;
import com.gitlab.release.tracker.triggers.Backfill;
import com.gitlab.release.tracker.triggers.DeploymentEvent;

/**
 * The function's JSON questions, each registered here once: its route (a name from {@link FunctionNames}, which the
 * {@code @Funq} method carries), the body it reads (for the 400 that explains a body funqy could not bind) and the
 * answer it writes (prepared at start by {@link FirstCallWarmUp}). A new question costs its use case's class, its
 * {@code @Funq} method and a line here; {@code FunctionsTest} checks that every JSON route is registered.
 */
@ApplicationScoped
public class Functions implements JsonBodies {

    /** A JSON question: its route, its body, its answer. */
    public enum Question {
        RECORD_PACKAGE(FunctionNames.RECORD_PACKAGE, RecordPackageRequest.class, RecordPackageAnswer.class),
        WHICH_PACKAGE(FunctionNames.WHICH_PACKAGE, WhichPackage.Request.class, WhichPackage.Answer.class),
        ROLLBACK_CHECK(FunctionNames.ROLLBACK_CHECK, RollbackCheck.Request.class, RollbackCheck.Answer.class),
        ROLLBACK_TARGETS(FunctionNames.ROLLBACK_TARGETS, RollbackTargets.Request.class, RollbackTargets.Answer.class),
        PENDING_POST_MIGRATIONS(FunctionNames.PENDING_POST_MIGRATIONS, PendingPostMigrations.Request.class,
                PendingPostMigrations.Answer.class),
        RELEASE_POST_MIGRATIONS(FunctionNames.RELEASE_POST_MIGRATIONS, ReleasePostMigrations.Request.class,
                ReleasePostMigrations.Answer.class),
        NEXT_RUN(FunctionNames.NEXT_RUN, NextRun.Request.class, NextRun.Answer.class),
        /** GitLab's webhook: its many other fields are not the function's to judge. */
        DEPLOYMENT_EVENT(FunctionNames.DEPLOYMENT_EVENT, DeploymentEvent.class, Object.class, false),
        BACKFILL(FunctionNames.BACKFILL, Backfill.Request.class, Object.class);

        private final String route;
        private final Class<?> body;
        private final Class<?> answer;
        private final boolean writtenByCaller;

        Question(String route, Class<?> body, Class<?> answer) {
            this(route, body, answer, true);
        }

        Question(String route, Class<?> body, Class<?> answer, boolean writtenByCaller) {
            this.route = route;
            this.body = body;
            this.answer = answer;
            this.writtenByCaller = writtenByCaller;
        }

        public String route() {
            return route;
        }

        public Class<?> body() {
            return body;
        }

        /** The answer's type; {@code Object} for a question whose answer type varies (a run or a package). */
        public Class<?> answer() {
            return answer;
        }
    }

    @Override
    public boolean writtenByCaller(Class<?> body) {
        return Arrays.stream(Question.values()).anyMatch(q -> q.writtenByCaller && q.body.equals(body));
    }

    @Override
    public Optional<Class<?>> of(String function) {
        return Arrays.stream(Question.values()).filter(q -> q.route().equals(function)).map(Question::body).findFirst();
    }
}
