package com.gitlab.release.tracker.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.ExecutionNote;
import com.gitlab.release.tracker.domain.ExecutionRecord;
import com.gitlab.release.tracker.domain.MigrationKind;
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

    public ExecutionResult record(Executions.Run run, Executions.Run previous, boolean dryRun) {
        List<String> executed = List.copyOf(finder.introduced(previous.sha(), run.sha()).postMigrations());
        ExecutionRecord record = new ExecutionRecord(run.environment(), run.deploymentId(), run.sha().value(),
                previous.sha().value(), run.at(), executed);
        Map<String, String> packageOf = executed.isEmpty() ? Map.of() : history.recent().packageOf();
        Map<String, MigrationKind> kindOf = kinds.of(executed, run.sha());

        NoteOutcome note;
        NoteOutcome trackingNote = null;
        if (executed.isEmpty()) {
            note = NoteOutcome.of(Status.NONE);
        } else if (dryRun) {
            note = NoteOutcome.of(Status.DRY_RUN);
        } else if (!config.note().enabled()) {
            note = NoteOutcome.of(Status.DISABLED);
        } else {
            String body = ExecutionNote.render(record, run.jobUrl(), packageOf, kindOf);
            NoteWriter.Written written = writer.write(PackageLabels.ofDeployment(run.ref(), run.sha()).release(), null,
                    "run " + run.deploymentId() + " on " + run.environment(), TrackerNotes.NoteKey.forExecution(record), body);
            note = written.note();
            trackingNote = written.trackingNote();
        }
        LOG.debugf("run %d on %s: %d post-migrations executed since %s, note %s", run.deploymentId(), run.environment(),
                executed.size(), previous.sha().shortSha(), note.status());
        return new ExecutionResult(run.environment().name(), run.deploymentId(), run.sha().value(),
                previous.sha().value(), run.at().map(Object::toString).orElse(null),
                PostMigrationEntry.all(executed, packageOf, kindOf), note, trackingNote);
    }
}
