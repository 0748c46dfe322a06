package com.gitlab.release.tracker.runs;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * The run's note, naming the notice written when the run started, when there is one (a webhook's run and a
     * backfilled one alike).
     */
    public Uni<RunAnswer> record(Invocation invocation, Run run, Run previous, boolean dryRun) {
        return finder.introduced(invocation, previous.sha(), run.sha()).chain(introduced -> {
            List<String> executed = List.copyOf(introduced.postMigrations());
            RunRecord record = new RunRecord(run.environment(), run.deploymentId(), run.sha().value(),
                    previous.sha().value(), run.at(), executed);
            boolean noted = !executed.isEmpty() && destinations.writes(dryRun);
            Release release = Release.ofRef(run.ref()).orElse(null);
            // Where the note goes is located once: the notice is looked up there, beside the reads the note needs,
            // and only when a note will be written; the write then uses the same look-up.
            NoteDestinations.Located where = noted ? destinations.locate(invocation, release, null) : null;
            return Concurrently.all(
                    executed.isEmpty() ? Uni.createFrom().item(Map.<String, Introduction>of())
                            : history.recent(invocation).map(NoteHistory.History::introductions),
                    kinds.of(invocation, executed, run.sha()),
                    noted ? noticeUrl(invocation, run, where) : Uni.createFrom().item(Optional.<String>empty()))
                    .onFailure().invoke(failure -> {
                        if (where != null) {
                            where.cancel();
                        }
                    }).chain(read -> {
                Map<String, Introduction> introductionOf = read.getItem1();
                Map<String, MigrationKind> kindOf = read.getItem2();
                String noticeUrl = read.getItem3().orElse(null);
                return destinations.write(invocation, executed.isEmpty(), dryRun,
                        () -> where != null ? where : destinations.locate(invocation, release, null),
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

    /** The URL of the run's notice, when it has one; a failed look-up leaves the link out (the run note matters more). */
    private Uni<Optional<String>> noticeUrl(Invocation invocation, Run run, NoteDestinations.Located where) {
        return destinations.findAt(invocation, where, ExactlyOneNote.NoteKey.forNoticeOf(run.environment(), run.deploymentId()))
                .map(found -> found.map(NoteDestinations.Found::url))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("run %d on %s: its notice was not looked up (%s); the run note will not name it", run.deploymentId(),
                            run.environment(), failure.getMessage());
                    return Optional.empty();
                });
    }
}
