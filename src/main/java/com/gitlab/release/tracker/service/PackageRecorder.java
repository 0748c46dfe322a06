package com.gitlab.release.tracker.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.MigrationKind;
import com.gitlab.release.tracker.domain.PackageNote;
import com.gitlab.release.tracker.domain.PackageRecord;
import com.gitlab.release.tracker.domain.PackageVersion;
import com.gitlab.release.tracker.domain.Release;
import com.gitlab.release.tracker.service.Baselines.Baseline;
import com.gitlab.release.tracker.service.RecordPackageResult.NoteOutcome;
import com.gitlab.release.tracker.service.RecordPackageResult.Status;

/** record-package: from a package to its post-migrations, and exactly one note about them on the release issue. */
@ApplicationScoped
public class PackageRecorder {
    private static final Logger LOG = Logger.getLogger(PackageRecorder.class);

    private final TrackerConfig config;
    private final Baselines baselines;
    private final PostMigrationFinder finder;
    private final MigrationKinds kinds;
    private final NoteWriter writer;

    public PackageRecorder(TrackerConfig config, Baselines baselines, PostMigrationFinder finder, MigrationKinds kinds,
            NoteWriter writer) {
        this.config = config;
        this.baselines = baselines;
        this.finder = finder;
        this.kinds = kinds;
        this.writer = writer;
    }

    /** The package named by a call: its label, its commit, and its release when known. */
    public record Target(String label, CommitSha sha, Release release) {
    }

    public RecordPackageResult record(RecordPackageRequest request) {
        if (request == null) {
            throw new BadInputException("empty body: send a JSON object such as {\"package\": \"14.8.202202080920-97d6e07c2a1.4ce763dbce1\"}");
        }
        Target target = target(request);
        Baseline baseline = request.previous() == null || request.previous().isBlank()
                ? baselines.latest(target.sha())
                : baselines.given(request.previous());
        return record(target, baseline, request.issue(), request.isDryRun());
    }

    /** Records a package against a baseline; shared by every trigger (record-package, deployment events, backfill). */
    public RecordPackageResult record(Target target, Baseline baseline, Long issueIid, boolean dryRun) {
        PostMigrationFinder.Found found = finder.introduced(baseline.sha(), target.sha());
        List<String> postMigrations = List.copyOf(found.postMigrations());
        PackageRecord record = new PackageRecord(target.label(), target.sha().value(), baseline.sha().value(),
                postMigrations, target.release() == null ? null : target.release().toString());
        Map<String, MigrationKind> kindOf = kinds.of(postMigrations, target.sha());

        NoteOutcome outcome;
        NoteOutcome trackingOutcome = null;
        if (postMigrations.isEmpty()) {
            outcome = NoteOutcome.of(Status.NONE);
        } else if (dryRun) {
            outcome = NoteOutcome.of(Status.DRY_RUN);
        } else if (!config.note().enabled()) {
            outcome = NoteOutcome.of(Status.DISABLED);
        } else {
            String body = PackageNote.render(record, baseline.label(), baseline.environment(), found.compareUrl(), kindOf);
            NoteWriter.Written written = writer.write(target.release(), issueIid, target.label(),
                    TrackerNotes.NoteKey.forPackage(record), body);
            outcome = written.note();
            trackingOutcome = written.trackingNote();
        }
        LOG.debugf("package %s: %d post-migrations since %s, note %s", target.label(), postMigrations.size(),
                baseline.label(), outcome.status());
        return new RecordPackageResult(target.label(), target.sha().value(), baseline.sha().value(),
                PostMigrationEntry.all(postMigrations, Map.of(), kindOf), outcome, trackingOutcome);
    }

    private Target target(RecordPackageRequest request) {
        Release release = request.release() == null || request.release().isBlank() ? null : Release.parse(request.release());
        boolean hasSha = request.sha() != null && !request.sha().isBlank();
        if (request.packageVersion() != null && !request.packageVersion().isBlank()) {
            PackageVersion version = PackageVersion.parse(request.packageVersion());
            CommitSha sha = hasSha ? new CommitSha(request.sha().trim()) : new CommitSha(version.railsSha());
            return new Target(version.toString(), sha, release != null ? release : version.release());
        }
        if (hasSha) {
            CommitSha sha = new CommitSha(request.sha().trim());
            return new Target(sha.value(), sha, release);
        }
        throw new BadInputException("name the package: 'package' (an auto-deploy version such as "
                + "14.8.202202080920-97d6e07c2a1.4ce763dbce1) or 'sha' (a commit SHA)");
    }
}
