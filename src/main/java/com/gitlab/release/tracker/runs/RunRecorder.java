package com.gitlab.release.tracker.runs;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.notes.Introduction;
import com.gitlab.release.tracker.domain.notes.RunNote;
import com.gitlab.release.tracker.domain.notes.RunRecord;
import com.gitlab.release.tracker.domain.releases.Release;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.MigrationKinds;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.migrations.PostMigrationFinder;
import com.gitlab.release.tracker.notes.ExactlyOneNote;
import com.gitlab.release.tracker.notes.NoteDestinations;
import com.gitlab.release.tracker.notes.NoteHistory;

import io.smallrye.mutiny.Uni;

/**
 * Records one post-deploy migration run: the post-migrations it ran for the first time are those introduced
 * between the previous run's commit and this run's, and they get exactly one run note.
 */
@ApplicationScoped
public class RunRecorder {
    private static final Logger LOG = Logger.getLogger(RunRecorder.class);

    private final PostMigrationFinder finder;
    private final MigrationKinds kinds;
    private final NoteHistory history;
    private final NoteDestinations destinations;

    public RunRecorder(PostMigrationFinder finder, MigrationKinds kinds, NoteHistory history, NoteDestinations destinations) {
        this.finder = finder;
        this.kinds = kinds;
        this.history = history;
        this.destinations = destinations;
    }

    public Uni<RunAnswer> record(Invocation invocation, Run run, Run previous, boolean dryRun) {
        return record(invocation, run, previous, dryRun, null);
    }

    /** The same, the run note naming the notice written when the run started ({@code noticeUrl}, or null). */
    public Uni<RunAnswer> record(Invocation invocation, Run run, Run previous, boolean dryRun, String noticeUrl) {
        return finder.introduced(invocation, previous.sha(), run.sha()).chain(introduced -> {
            List<String> executed = List.copyOf(introduced.postMigrations());
            RunRecord record = new RunRecord(run.environment(), run.deploymentId(), run.sha().value(),
                    previous.sha().value(), run.at(), executed);
            Uni<Map<String, Introduction>> introductions = executed.isEmpty() ? Uni.createFrom().item(Map.of())
                    : history.recent(invocation).map(NoteHistory.History::introductions);
            return Concurrently.both(introductions, kinds.of(invocation, executed, run.sha())).chain(read -> {
                Map<String, Introduction> introductionOf = read.getItem1();
                Map<String, MigrationKind> kindOf = read.getItem2();
                Release release = Release.ofRef(run.ref()).orElse(null);
                return destinations.write(invocation, executed.isEmpty(), dryRun, () -> destinations.locate(invocation, release, null),
                        "run " + run.deploymentId() + " on " + run.environment(), ExactlyOneNote.NoteKey.forRun(record),
                        Uni.createFrom().item(() -> RunNote.render(record, run.jobUrl(), noticeUrl, introductionOf, kindOf)))
                        .map(notes -> {
                            LOG.debugf("run %d on %s: %d post-migrations executed since %s, note %s", run.deploymentId(),
                                    run.environment(), executed.size(), previous.sha().shortSha(), notes.note().status());
                            return new RunAnswer(run.environment().name(), run.deploymentId(), run.sha().value(),
                                    previous.sha().value(), run.at().map(Object::toString).orElse(null),
                                    PostMigrationEntry.all(executed, introductionOf, kindOf), notes.note(), notes.trackingNote());
                        });
            });
        });
    }
}
