package com.gitlab.release.tracker.packages;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.notes.Introduction;
import com.gitlab.release.tracker.domain.notes.PackageNote;
import com.gitlab.release.tracker.domain.notes.PackageRecord;
import com.gitlab.release.tracker.domain.notes.QaNote;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.MigrationKinds;
import com.gitlab.release.tracker.migrations.Owners;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.migrations.PostMigrationFinder;
import com.gitlab.release.tracker.notes.ExactlyOneNote;
import com.gitlab.release.tracker.notes.NoteDestinations;
import com.gitlab.release.tracker.notes.NoteOutcome;
import com.gitlab.release.tracker.packages.Baselines.Baseline;

import io.smallrye.mutiny.Uni;

/** record-package: from a package to its post-migrations, and exactly one note about them on the release issue. */
@ApplicationScoped
public class PackageRecorder {
    private static final Logger LOG = Logger.getLogger(PackageRecorder.class);

    private final Baselines baselines;
    private final PostMigrationFinder finder;
    private final MigrationKinds kinds;
    private final Owners owners;
    private final NoteDestinations destinations;
    private final PackagesEnvironment environment;

    public PackageRecorder(Baselines baselines, PostMigrationFinder finder, MigrationKinds kinds, Owners owners,
            NoteDestinations destinations, PackagesEnvironment environment) {
        this.environment = environment;
        this.baselines = baselines;
        this.finder = finder;
        this.kinds = kinds;
        this.owners = owners;
        this.destinations = destinations;
    }

    /**
     * Records the package a call names. The release issue and the first page of its notes are looked up beside the
     * baseline and the compare (a request more when the package has no post-migration), so that a package already
     * noted costs a few round trips however long the issue.
     */
    Uni<RecordPackageAnswer> record(Invocation invocation, RecordPackageRequest request) {
        if (request == null) {
            throw new BadInputException("empty body: send a JSON object such as {\"package\": \"14.8.202202080920-97d6e07c2a1.4ce763dbce1\"}");
        }
        PackageTarget target = PackageTarget.of(request);
        Optional<Baseline> given = Input.blank(request.previous()) ? Optional.empty()
                : Optional.of(Baselines.given(request.previous()));
        Optional<NoteDestinations.Located> early = destinations.writes(request.isDryRun())
                ? Optional.of(destinations.locate(invocation, target.release(), request.issue())) : Optional.empty();
        Uni<Baseline> baseline = given.map(b -> Uni.createFrom().item(b)).orElseGet(() -> baselines.latest(invocation, target.sha()));
        return baseline.chain(b -> record(invocation, target, b, early::orElseThrow, request.isDryRun(), true))
                .onTermination().invoke(() -> early.ifPresent(NoteDestinations.Located::cancel));
    }

    /**
     * Records a package against a baseline, for the triggers that no one waits for (deployment events, backfill):
     * the release issue is looked up only once the package turns out to have post-migrations (most have none).
     */
    public Uni<RecordPackageAnswer> record(Invocation invocation, PackageTarget target, Baseline baseline, boolean dryRun) {
        return record(invocation, target, baseline, () -> destinations.locate(invocation, target.release(), null), dryRun, false);
    }

    /**
     * @param someoneWaits a caller waits for the answer (record-package, chat): the owners are looked up at once,
     *        beside the notes' later pages, two round trips sooner for a new note, a request or two for nothing when
     *        the package turns out to be noted; else (webhooks, backfill) only once the notes show the note is new
     */
    private Uni<RecordPackageAnswer> record(Invocation invocation, PackageTarget target, Baseline baseline,
            Supplier<NoteDestinations.Located> where, boolean dryRun, boolean someoneWaits) {
        return finder.introduced(invocation, baseline.sha(), target.sha()).chain(introduced -> {
            List<String> postMigrations = List.copyOf(introduced.postMigrations());
            PackageRecord record = new PackageRecord(target.label(), target.sha().value(), baseline.sha().value(),
                    postMigrations, target.release() == null ? null : target.release().toString());
            Uni<Map<String, MigrationKind>> kindOf = Concurrently.shared(kinds.of(invocation, postMigrations, target.sha()));
            // A new note's body needs the owners (two round trips). With someone waiting and the release issue's notes
            // on more than one page, they are looked up beside the later pages, and given up once a note of the package
            // is found (a noted package's note holds them); else when the body is asked for.
            Concurrently.OnDemand<Map<String, MergeRequest>> lookUp = Concurrently.onDemand(postMigrations.isEmpty()
                    ? Uni.createFrom().item(Map.<String, MergeRequest>of()) : owners.of(invocation, postMigrations, target.sha()));
            Uni<Map<String, MergeRequest>> ownerOf = lookUp.result();
            if (someoneWaits && !postMigrations.isEmpty()) {
                (destinations.writes(dryRun) ? where.get().hasMorePages() : Uni.createFrom().item(true))
                        .subscribe().with(more -> {
                            if (more) {
                                lookUp.start();
                            }
                        }, failure -> { /* the write reports it */ });
            }
            // Once the note is on GitLab (before its read-back), the packages environment may log the package.
            CompletableFuture<Void> noted = new CompletableFuture<>();
            // Used several times below (the answer, its owners, the QA note, the packages environment): written once.
            Uni<NoteDestinations.Written> written = Concurrently.shared(destinations.write(invocation, postMigrations.isEmpty(),
                    dryRun, where, target.label(), ExactlyOneNote.NoteKey.forPackage(record), Concurrently.both(kindOf, ownerOf,
                            (kinds, mrs) -> PackageNote.render(record.withMergeRequests(mrs).withRollbackRisks(kinds), baseline.label(),
                                    baseline.environment(), introduced.compareUrl(), kinds)), noted)
                    .invoke(notes -> {
                        if (notes.existingBody() != null) {
                            lookUp.cancel();
                        }
                    }));
            Uni<Map<String, MergeRequest>> answerOwners = Concurrently.shared(written.chain(notes -> notes.existingBody() == null
                    ? ownerOf
                    : Uni.createFrom().item(PackageNote.parse(notes.existingBody()).map(PackageRecord::mergeRequests).orElse(Map.of()))));
            // Once the note is there, the package is logged on the packages environment (one deployment).
            Uni<PackagesEnvironment.Logged> logged = postMigrations.isEmpty() ? Uni.createFrom().nullItem()
                    : environment.log(invocation, target, destinations.writes(dryRun), Uni.createFrom().completionStage(noted));
            // And, where QA issues are still made, one note on the package's QA issue naming who brought them.
            Uni<Optional<NoteOutcome>> qa = postMigrations.isEmpty() || !PackageVersion.looksLikeVersion(target.label())
                    ? Uni.createFrom().item(Optional.empty())
                    : written.chain(notes -> destinations.writeOnQaIssue(invocation, target.label(), dryRun,
                            ExactlyOneNote.NoteKey.forQa(record), answerOwners.map(mrs -> QaNote.render(record.withMergeRequests(mrs)))));
            return Concurrently.all(kindOf, Concurrently.all(written, logged, qa), answerOwners).map(read -> {
                NoteDestinations.Written notes = read.getItem2().getItem1();
                LOG.debugf("package %s: %d post-migrations since %s, note %s", target.label(), postMigrations.size(),
                        baseline.label(), notes.note().status());
                Map<String, Introduction> introductions = new HashMap<>();
                read.getItem3().forEach((path, mr) -> introductions.put(path, new Introduction(null, mr)));
                return new RecordPackageAnswer(target.label(), target.sha().value(), baseline.sha().value(),
                        PostMigrationEntry.all(postMigrations, introductions, read.getItem1()), notes.note(), notes.trackingNote(),
                        read.getItem2().getItem2(), read.getItem2().getItem3().orElse(null));
            }).onTermination().invoke(lookUp::cancel);
        });
    }
}
