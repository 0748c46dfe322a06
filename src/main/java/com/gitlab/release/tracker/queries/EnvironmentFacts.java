package com.gitlab.release.tracker.queries;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.notes.NoteHistory;
import com.gitlab.release.tracker.queries.DeployedCommits.Named;
import com.gitlab.release.tracker.runs.Run;
import com.gitlab.release.tracker.runs.Runs;

import io.smallrye.mutiny.Uni;

/**
 * The one reader of what an environment's questions (pending, rollback-check, rollback-targets) need to know of it:
 * the package it runs (or the one the caller names), the packages it ran before, the last post-deploy migration run
 * on its database, whether a deployment or a run is in progress, and the notes. Each fact is read when first asked
 * for and shared after; a question asks for what it needs at its start, so that they are read side by side.
 */
@ApplicationScoped
class EnvironmentFacts {

    private final DeployedCommits commits;
    private final Runs runs;
    private final NoteHistory history;

    EnvironmentFacts(DeployedCommits commits, Runs runs, NoteHistory history) {
        this.commits = commits;
        this.runs = runs;
        this.history = history;
    }

    /** The facts of one environment for one call; {@link #cancel} once the answer is made. */
    final class Reading {
        private final Invocation invocation;
        private final Stage stage;
        private final String givenCurrent;
        private Uni<Named> current;
        private Uni<Optional<Run>> lastRun;
        private Uni<Boolean> inProgress;
        private NoteHistory.Reading notes;

        private Reading(Invocation invocation, Stage stage, String givenCurrent) {
            this.invocation = invocation;
            this.stage = stage;
            this.givenCurrent = givenCurrent;
        }

        /** The package the environment runs: the caller's {@code current} when given, else its latest successful deployment. */
        synchronized Uni<Named> current() {
            current = started(current, () -> Input.blank(givenCurrent) ? commits.latest(invocation, stage)
                    : Uni.createFrom().item(Named.given("current", givenCurrent)));
            return current;
        }

        /** The last {@code count} distinct packages it ran, newest first. */
        Uni<List<Named>> recent(int count) {
            return commits.recent(invocation, stage, count);
        }

        /** The last successful post-deploy migration run on its database. */
        synchronized Uni<Optional<Run>> lastRun() {
            lastRun = started(lastRun, () -> runs.latest(invocation, stage.database()));
            return lastRun;
        }

        /** Whether a deployment to it or a run on its database is in progress. */
        synchronized Uni<Boolean> inProgress() {
            inProgress = started(inProgress, () -> commits.inProgress(invocation, stage, runs.project()));
            return inProgress;
        }

        /** The notes of the recent release issues, every page from now on. */
        synchronized NoteHistory.Reading notes() {
            if (notes == null) {
                notes = history.startRecent(invocation).everyPageNow();
            }
            return notes;
        }

        /** Stops what is still being read of the notes. */
        synchronized void cancel() {
            if (notes != null) {
                notes.cancel();
            }
        }

        private <T> Uni<T> started(Uni<T> already, Supplier<Uni<T>> read) {
            return already != null ? already : Concurrently.shared(read.get());
        }
    }

    /** The facts of an environment; {@code givenCurrent} (may be blank) stands for the package it runs. */
    Reading of(Invocation invocation, Stage stage, String givenCurrent) {
        return new Reading(invocation, stage, givenCurrent);
    }
}
