package com.gitlab.release.tracker.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.ExecutionNote;
import com.gitlab.release.tracker.domain.ExecutionRecord;
import com.gitlab.release.tracker.domain.MigrationKind;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.service.RecordPackageResult.NoteOutcome;
import com.gitlab.release.tracker.service.RecordPackageResult.Status;

/**
 * Records one post-deploy migration run: the post-migrations it ran for the first time are those introduced
 * between the previous run's commit and this run's, and they get exactly one execution note.
 */
@ApplicationScoped
public class ExecutionRecorder {
    private static final Logger LOG = Logger.getLogger(ExecutionRecorder.class);

    private final TrackerConfig config;
    private final PostMigrationFinder finder;
    private final MigrationKinds kinds;
    private final NoteHistory history;
    private final NoteWriter writer;

    public ExecutionRecorder(TrackerConfig config, PostMigrationFinder finder, MigrationKinds kinds, NoteHistory history,
            NoteWriter writer) {
        this.config = config;
        this.finder = finder;
        this.kinds = kinds;
        this.history = history;
        this.writer = writer;
    }

    public Uni<ExecutionResult> record(Invocation invocation, Executions.Run run, Executions.Run previous, boolean dryRun) {
        return finder.introduced(invocation, previous.sha(), run.sha()).chain(introduced -> {
            List<String> executed = List.copyOf(introduced.postMigrations());
            ExecutionRecord record = new ExecutionRecord(run.environment(), run.deploymentId(), run.sha().value(),
                    previous.sha().value(), run.at(), executed);
            Uni<Map<String, String>> packages = executed.isEmpty() ? Uni.createFrom().item(Map.of())
                    : history.recent(invocation).map(NoteHistory.History::packageOf);
            return Concurrently.both(packages, kinds.of(invocation, executed, run.sha())).chain(read -> {
                Map<String, String> packageOf = read.getItem1();
                Map<String, MigrationKind> kindOf = read.getItem2();
                Uni<NoteWriter.Written> written;
                if (executed.isEmpty()) {
                    written = Uni.createFrom().item(new NoteWriter.Written(NoteOutcome.of(Status.NONE), null));
                } else if (dryRun) {
                    written = Uni.createFrom().item(new NoteWriter.Written(NoteOutcome.of(Status.DRY_RUN), null));
                } else if (!config.note().enabled()) {
                    written = Uni.createFrom().item(new NoteWriter.Written(NoteOutcome.of(Status.DISABLED), null));
                } else {
                    written = writer.write(invocation, PackageLabels.ofDeployment(run.ref(), run.sha()).release(), null,
                            "run " + run.deploymentId() + " on " + run.environment(), TrackerNotes.NoteKey.forExecution(record),
                            ExecutionNote.render(record, run.jobUrl(), packageOf, kindOf));
                }
                return written.map(notes -> {
                    LOG.debugf("run %d on %s: %d post-migrations executed since %s, note %s", run.deploymentId(),
                            run.environment(), executed.size(), previous.sha().shortSha(), notes.note().status());
                    return new ExecutionResult(run.environment().name(), run.deploymentId(), run.sha().value(),
                            previous.sha().value(), run.at().map(Object::toString).orElse(null),
                            PostMigrationEntry.all(executed, packageOf, kindOf), notes.note(), notes.trackingNote());
                });
            });
        });
    }
}
