package com.gitlab.release.tracker.queries;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.notes.Introduction;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.UtcTime;
import com.gitlab.release.tracker.domain.rollback.HorizonMove;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.MigrationKinds;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.migrations.PostMigrationFinder;
import com.gitlab.release.tracker.notes.NoteHistory;
import com.gitlab.release.tracker.runs.Run;
import com.gitlab.release.tracker.runs.Runs;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /next-run}: what the next post-deploy migration run on an environment's database would execute now
 * (the post-migrations of the package it runs that its database has not), and how it would move the rollback
 * horizon (the targets it would make unsafe, the point of no return, the targets whose code it would break). The
 * same preview is the notice written when a run starts ({@link #forRun}).
 */
@ApplicationScoped
public class NextRun {

    @RegisterForReflection
    public record Request(String environment) {
    }

    /**
     * {@code postMigrations}: what the run would execute; {@code lostTargets}: the rollback targets safe now and not
     * after it; {@code pointOfNoReturn} and {@code pointOfNoReturnAfter}: the newest target the strict rule refuses,
     * now and after; {@code newlyBreaking}: the targets whose own code would break on what it executes.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String environment, String database, String sha, String executedSha, String executedAt,
            List<PostMigrationEntry> postMigrations, List<String> lostTargets, String pointOfNoReturn, String pointOfNoReturnAfter,
            List<String> newlyBreaking, String breakingPointAfter, String text,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unread) {
    }

    /** What a run would do, with what a note about it needs: each post-migration's package and kind. */
    public record Preview(String environment, DatabaseEnvironment database, Run last, CommitSha sha, SortedSet<String> postMigrations,
            Map<String, Introduction> introductions, Map<String, MigrationKind> kinds, HorizonMove move, NoteHistory.History recorded) {

        public Answer answer() {
            List<PostMigrationEntry> entries = PostMigrationEntry.all(postMigrations, introductions, kinds, recorded.recordedRisks());
            return new Answer(environment, database.name(), sha.value(), last.sha().value(), last.at().map(Instant::toString).orElse(null),
                    entries, move.lostTargets(), move.pointOfNoReturn(), move.pointOfNoReturnAfter(), move.newlyBreaking(),
                    move.breakingPointAfter(), text(entries) + recorded.unreadSentence(), recorded.unread());
        }

        private String text(List<PostMigrationEntry> entries) {
            String since = last.at().map(at -> " since its last run at " + UtcTime.human(at)).orElse(" since its last run");
            if (entries.isEmpty()) {
                return "Nothing to run: every post-deployment migration at " + sha.shortSha() + " has run on " + database + since
                        + "; the rollback horizon of " + environment + " stays.";
            }
            return "The next post-deploy migration run on " + database + " would execute " + PostMigrationEntry.count(entries.size())
                    + " (commit " + sha.shortSha() + since + "): " + PostMigrationEntry.describe(entries) + ". " + horizon();
        }

        private String horizon() {
            if (!move.moves()) {
                return "No rollback target of " + environment + " changes its verdict.";
            }
            StringBuilder text = new StringBuilder("Rollback of ").append(environment).append(": ");
            if (!move.lostTargets().isEmpty()) {
                text.append(move.lostTargets().size()).append(move.lostTargets().size() == 1 ? " target" : " targets")
                        .append(" safe now would not be after it (").append(String.join(", ", move.lostTargets())).append("); ");
            }
            text.append("the point of no return moves from ").append(move.pointOfNoReturn() == null ? "none" : move.pointOfNoReturn())
                    .append(" to ").append(move.pointOfNoReturnAfter() == null ? "none" : move.pointOfNoReturnAfter()).append('.');
            if (!move.newlyBreaking().isEmpty()) {
                text.append(" Judged by their own code, it would break ").append(String.join(", ", move.newlyBreaking())).append('.');
            }
            return text.toString();
        }
    }

    private final EnvironmentFacts environments;
    private final PostMigrationFinder finder;
    private final MigrationKinds kinds;
    private final RollbackTargets targets;
    private final Runs runs;

    public NextRun(EnvironmentFacts environments, PostMigrationFinder finder, MigrationKinds kinds, RollbackTargets targets, Runs runs) {
        this.environments = environments;
        this.finder = finder;
        this.kinds = kinds;
        this.targets = targets;
        this.runs = runs;
    }

    public Uni<Answer> answer(Invocation invocation, Request request) {
        Stage stage = Stage.of(request == null || Input.blank(request.environment()) ? "gprd" : request.environment());
        EnvironmentFacts.Reading facts = environments.of(invocation, stage, null);
        return facts.current().chain(current -> preview(invocation, stage, facts, current.sha(), 0))
                .map(Preview::answer).onTermination().invoke(facts::cancel);
    }

    /**
     * What the run of deployment {@code deploymentId} on {@code database}, at {@code sha}, will execute and cost;
     * empty when the database has no earlier successful run (what it executes first is unknown).
     */
    public Uni<Optional<Preview>> forRun(Invocation invocation, DatabaseEnvironment database, CommitSha sha, long deploymentId) {
        Stage stage = Stage.of(database.name());
        EnvironmentFacts.Reading facts = environments.of(invocation, stage, null);
        return facts.lastRun().chain(last -> last.isEmpty() ? Uni.createFrom().item(Optional.<Preview>empty())
                : preview(invocation, stage, facts, sha, deploymentId).map(Optional::of)).onTermination().invoke(facts::cancel);
    }

    private Uni<Preview> preview(Invocation invocation, Stage stage, EnvironmentFacts.Reading facts, CommitSha sha, long deploymentId) {
        return facts.lastRun().map(latest -> latest.orElseThrow(() -> new NotFoundException("no successful post-deploy migration run on "
                + stage.database() + " in " + runs.project() + " (TRACKER_EXECUTION_PROJECT): what a run would execute first is unknown")))
                .chain(last -> finder.introduced(invocation, last.sha(), sha).chain(introduced -> {
                    SortedSet<String> pending = introduced.postMigrations();
                    Run next = new Run(stage.database(), deploymentId, sha, null, Optional.empty(), null);
                    Uni<HorizonMove> move = pending.isEmpty() ? Uni.createFrom().item(HorizonMove.between(List.of(), List.of()))
                            : targets.move(invocation, stage, facts, last, next);
                    // The notes, the kinds and the two judgements of the targets are read side by side.
                    return Concurrently.all(facts.notes().neededFor(pending), kinds.of(invocation, pending, sha), move)
                            .map(read -> new Preview(stage.environment(), stage.database(), last, sha, pending,
                                    read.getItem1().introductions(), read.getItem2(), read.getItem3(), read.getItem1()));
                }));
    }
}
