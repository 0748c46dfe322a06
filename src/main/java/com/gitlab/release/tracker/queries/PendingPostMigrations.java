package com.gitlab.release.tracker.queries;

import java.time.Instant;
import java.util.List;
import java.util.SortedSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.releases.UtcTime;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.MigrationKinds;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.migrations.PostMigrationFinder;
import com.gitlab.release.tracker.notes.NoteHistory;
import com.gitlab.release.tracker.queries.DeployedCommits.Named;
import com.gitlab.release.tracker.runs.Run;
import com.gitlab.release.tracker.runs.Runs;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /pending-post-migrations}: what is deployed to an environment but has not run on its database. The
 * deployment, the last run and the first pages of the notes (which tell each post-migration's package) are read at
 * once.
 */
@ApplicationScoped
public class PendingPostMigrations {

    /** {@code environment}: {@code gprd} (default), {@code gstg}, ...; {@code ref}: a package, SHA or branch. */
    @RegisterForReflection
    public record Request(String environment, String ref) {
    }

    /** {@code unread}: the issues whose notes were not all read ({@code TRACKER_NOTE_PAGES}); left out when none. */
    @RegisterForReflection
    public record Answer(String environment, String deployedSha, String executedSha, String executedAt,
            List<PostMigrationEntry> pending, String text, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unread) {
    }

    private final DeployedCommits commits;
    private final Runs runs;
    private final PostMigrationFinder finder;
    private final MigrationKinds kinds;

    private final EnvironmentFacts environments;

    public PendingPostMigrations(DeployedCommits commits, Runs runs, PostMigrationFinder finder, MigrationKinds kinds,
            EnvironmentFacts environments) {
        this.environments = environments;
        this.commits = commits;
        this.runs = runs;
        this.finder = finder;
        this.kinds = kinds;
    }

    public Uni<Answer> answer(Invocation invocation, Request request) {
        Stage stage = Stage.of(request == null || Input.blank(request.environment()) ? "gprd" : request.environment());
        boolean givenRef = request != null && !Input.blank(request.ref());
        EnvironmentFacts.Reading facts = environments.of(invocation, stage, null);
        Uni<Named> deployedUni = givenRef ? commits.resolve(invocation, "ref", request.ref()) : facts.current();
        Uni<Run> runUni = facts.lastRun().map(latest -> latest.orElseThrow(() -> new NotFoundException(
                "no successful post-deploy migration run on " + stage.database() + " in " + runs.project()
                        + " (TRACKER_EXECUTION_PROJECT): nothing is known to have run there")));
        NoteHistory.Reading notes = facts.notes();
        return Concurrently.both(deployedUni, runUni).chain(found -> {
            Named deployed = found.getItem1();
            Run run = found.getItem2();
            return finder.introduced(invocation, run.sha(), deployed.sha()).chain(introduced -> {
                SortedSet<String> pending = introduced.postMigrations();
                return Concurrently.both(notes.neededFor(pending), kinds.of(invocation, pending, deployed.sha()), (recorded, kindOf) -> {
                    List<PostMigrationEntry> entries = PostMigrationEntry.all(pending, recorded.introductions(), kindOf);
                    String where = givenRef ? "in " + deployed.label() : "deployed to " + stage.environment();
                    return new Answer(stage.environment(), deployed.sha().value(), run.sha().value(),
                            run.at().map(Instant::toString).orElse(null), entries,
                            text(stage, run, where, entries) + recorded.unreadSentence(), recorded.unread());
                });
            });
        }).onTermination().invoke(facts::cancel);
    }

    private static String text(Stage stage, Run run, String where, List<PostMigrationEntry> entries) {
        if (entries.isEmpty()) {
            return "Nothing pending: every post-deployment migration " + where + " has run on " + stage.database()
                    + " (last run" + run.at().map(at -> " " + UtcTime.human(at)).orElse("") + ").";
        }
        String since = run.at().map(at -> " since " + UtcTime.human(at)).orElse(" since its last run");
        return PostMigrationEntry.count(entries.size()) + " " + where + " but not executed on " + stage.database() + since
                + ": " + PostMigrationEntry.describe(entries);
    }

}
