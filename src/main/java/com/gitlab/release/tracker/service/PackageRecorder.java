package com.gitlab.release.tracker.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

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
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.service.Baselines.Baseline;
import com.gitlab.release.tracker.service.RecordPackageResult.NoteOutcome;
import com.gitlab.release.tracker.service.RecordPackageResult.Status;

import io.smallrye.mutiny.Uni;

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

    /**
     * Records the package a call names. The release issue and the first page of its notes are looked up beside the
     * baseline and the compare (a request more when the package has no post-migration), so that a package already
     * noted costs a few round trips however long the issue.
     */
    public Uni<RecordPackageResult> record(Invocation invocation, RecordPackageRequest request) {
        if (request == null) {
            throw new BadInputException("empty body: send a JSON object such as {\"package\": \"14.8.202202080920-97d6e07c2a1.4ce763dbce1\"}");
        }
        Target target = target(request);
        Optional<Baseline> given = request.previous() == null || request.previous().isBlank() ? Optional.empty()
                : Optional.of(baselines.given(request.previous()));
        Optional<NoteWriter.Destinations> destinations = destinations(invocation, target, request.issue(), request.isDryRun());
        Uni<Baseline> baseline = given.map(b -> Uni.createFrom().item(b)).orElseGet(() -> baselines.latest(invocation, target.sha()));
        return baseline.chain(b -> record(invocation, target, b, () -> destinations, request.isDryRun()))
                .onTermination().invoke(() -> destinations.ifPresent(NoteWriter.Destinations::cancel));
    }

    /**
     * Records a package against a baseline, for the triggers that no one waits for (deployment events, backfill):
     * the release issue is looked up only once the package turns out to have post-migrations (most have none).
     */
    public Uni<RecordPackageResult> record(Invocation invocation, Target target, Baseline baseline, Long issueIid, boolean dryRun) {
        return record(invocation, target, baseline, () -> destinations(invocation, target, issueIid, dryRun), dryRun);
    }

    private Optional<NoteWriter.Destinations> destinations(Invocation invocation, Target target, Long issueIid, boolean dryRun) {
        return dryRun || !config.note().enabled() ? Optional.empty()
                : Optional.of(writer.locate(invocation, target.release(), issueIid));
    }

    private Uni<RecordPackageResult> record(Invocation invocation, Target target, Baseline baseline,
            Supplier<Optional<NoteWriter.Destinations>> destinationsLookup, boolean dryRun) {
        return finder.introduced(invocation, baseline.sha(), target.sha()).chain(introduced -> {
            List<String> postMigrations = List.copyOf(introduced.postMigrations());
            PackageRecord record = new PackageRecord(target.label(), target.sha().value(), baseline.sha().value(),
                    postMigrations, target.release() == null ? null : target.release().toString());
            Uni<Map<String, MigrationKind>> kinds = this.kinds.of(invocation, postMigrations, target.sha()).memoize().indefinitely();
            Uni<NoteWriter.Written> written;
            Optional<NoteWriter.Destinations> destinations = postMigrations.isEmpty() ? Optional.empty() : destinationsLookup.get();
            if (postMigrations.isEmpty()) {
                written = Uni.createFrom().item(new NoteWriter.Written(NoteOutcome.of(Status.NONE), null));
            } else if (dryRun) {
                written = Uni.createFrom().item(new NoteWriter.Written(NoteOutcome.of(Status.DRY_RUN), null));
            } else if (destinations.isEmpty()) {
                written = Uni.createFrom().item(new NoteWriter.Written(NoteOutcome.of(Status.DISABLED), null));
            } else {
                written = writer.write(invocation, destinations.get(), target.label(), TrackerNotes.NoteKey.forPackage(record),
                        kinds.map(kindOf -> PackageNote.render(record, baseline.label(), baseline.environment(),
                                introduced.compareUrl(), kindOf)));
            }
            return Concurrently.both(kinds, written, (kindOf, notes) -> {
                LOG.debugf("package %s: %d post-migrations since %s, note %s", target.label(), postMigrations.size(),
                        baseline.label(), notes.note().status());
                return new RecordPackageResult(target.label(), target.sha().value(), baseline.sha().value(),
                        PostMigrationEntry.all(postMigrations, Map.of(), kindOf), notes.note(), notes.trackingNote());
            }).onTermination().invoke(() -> destinations.ifPresent(NoteWriter.Destinations::cancel));
        });
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
