package com.gitlab.release.tracker.notes;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.notes.NoteStatus;
import com.gitlab.release.tracker.domain.releases.Release;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.FirstPage;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabNote;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Where a note goes and whether it is written: the monthly release issue, and the tracking issue when one is
 * configured (or only there, with {@code TRACKER_TRACKING_ONLY}). The write sequence of every note is here
 * ({@link #write}); each write keeps exactly one note per thing ({@link ExactlyOneNote}).
 */
@ApplicationScoped
public class NoteDestinations {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(NoteDestinations.class);

    private final TrackerConfig config;
    private final ReleaseIssues issues;
    private final ExactlyOneNote notes;
    private final GitLab gitlab;
    private final MeterRegistry metrics;
    private final Trust trust;

    public NoteDestinations(TrackerConfig config, ReleaseIssues issues, ExactlyOneNote notes, GitLab gitlab,
            MeterRegistry metrics, Trust trust) {
        this.trust = trust;
        this.config = config;
        this.issues = issues;
        this.notes = notes;
        this.gitlab = gitlab;
        this.metrics = metrics;
    }

    /** Counts a note's outcome ({@code tracker_notes_total{outcome}}): a status, or {@code failed}. */
    private void count(String outcome) {
        counter(outcome).increment();
    }

    private static final String FAILED = "failed";

    /** Every outcome's counter exists from start, at zero. */
    void registerAtStart(@Observes StartupEvent start) {
        for (NoteStatus status : NoteStatus.values()) {
            counter(status.value());
        }
        counter(FAILED);
    }

    private Counter counter(String outcome) {
        return Counter.builder("tracker.notes").description("Notes the function wrote or found written, by outcome (created, exists,"
                + " ..., failed)").tag("outcome", outcome).register(metrics);
    }

    /**
     * The notes written or found: on the release issue (or the tracking issue alone), and on the tracking issue;
     * {@code existingBody}: the text of the main note when it was there already (its record tells what it holds);
     * {@code keptBody}: the main note's text as kept, whoever wrote it.
     */
    public record Written(NoteOutcome note, NoteOutcome trackingNote, String existingBody, String keptBody) {

        Written(NoteOutcome note, NoteOutcome trackingNote) {
            this(note, trackingNote, null, null);
        }
    }

    /** An issue a note goes to, and the first page of its notes. */
    private record Destination(NoteIssue issue, FirstPage<GitLabNote> firstNotes) {
    }

    /**
     * The issues a note would go to, being looked up (with the first page of their notes) from the moment they are
     * located: a caller starts it beside the work that tells whether there is a note to write at all, and cancels
     * it ({@link #cancel}) once its answer is made. A failure (no release issue) matters only to a write.
     */
    public static final class Located {
        private final Concurrently.Early<Destination> main;
        private final Concurrently.Early<Destination> tracking;

        private Located(Concurrently.Early<Destination> main, Concurrently.Early<Destination> tracking) {
            this.main = main;
            this.tracking = tracking;
        }

        /** Whether the main issue's notes take more than their first page (known once that page is read). */
        public Uni<Boolean> hasMorePages() {
            return main.result().map(destination -> destination.firstNotes().hasMore());
        }

        /** Stops the look-ups if they still run. */
        public void cancel() {
            main.cancel();
            if (tracking != null) {
                tracking.cancel();
            }
        }
    }

    /** Whether a note that is due gets written: not a dry run, and the note flag ({@code TRACKER_NOTE_ENABLED}) on. */
    public boolean writes(boolean dryRun) {
        return NoteStatus.withoutWriting(false, dryRun, config.note().enabled()).isEmpty();
    }

    /**
     * Starts looking up where a note goes.
     *
     * @param release the monthly issue's release; null for the newest open one
     * @param issueIid an issue the caller named instead, or null
     */
    public Located locate(Invocation invocation, Release release, Long issueIid) {
        Concurrently.Early<Destination> tracking = issues.hasTracking()
                ? Concurrently.start(issues.trackingToWrite(invocation).chain(issue -> destination(invocation, issue)))
                : null;
        if (tracking != null && config.trackingOnly()) {
            return new Located(tracking, null);
        }
        if (issueIid != null) {
            return new Located(Concurrently.start(issues.byIid(invocation, issueIid).chain(issue -> destination(invocation, issue))),
                    tracking);
        }
        Supplier<Uni<NoteIssue>> search = () -> release != null ? issues.forRelease(invocation, release) : issues.newestOpen(invocation);
        return new Located(Concurrently.start(search.get().chain(issue -> destination(invocation, issue)
                // A remembered search may name an issue deleted since: forget it and search again, once.
                .onFailure(NotFoundException.class).recoverWithUni(gone -> issues.forgetSearches()
                        .chain(() -> search.get().chain(again -> destination(invocation, again)))))), tracking);
    }

    private Uni<Destination> destination(Invocation invocation, NoteIssue issue) {
        // The issue was found by trusted authors: they are known by now.
        return trust.authors(invocation).chain(authors -> gitlab.firstNotesPage(invocation, issue.project(), issue.iid(),
                Trust.trusting(authors))).map(first -> new Destination(issue, first));
    }

    /**
     * The write sequence of every note: nothing to note ({@code none}), a dry run ({@code dry-run}), the note flag
     * off ({@code disabled}), else the note written unless it exists, on every destination at once. The rest of each
     * issue's notes is read beside {@code body}, which is only waited for when it is needed.
     *
     * @param where the destinations, located when the note is to be written (or earlier, by the caller)
     */
    public Uni<Written> write(Invocation invocation, boolean nothingToNote, boolean dryRun, Supplier<Located> where,
            String what, ExactlyOneNote.NoteKey key, Uni<String> body) {
        return write(invocation, nothingToNote, dryRun, where, what, key, body, new CompletableFuture<>());
    }

    /**
     * The same, completing {@code accepted} once the main note is on GitLab (found, or accepted before its read-back;
     * {@link ExactlyOneNote#ensureOne}); it fails when the write does, and stays open when nothing is written.
     */
    public Uni<Written> write(Invocation invocation, boolean nothingToNote, boolean dryRun, Supplier<Located> where,
            String what, ExactlyOneNote.NoteKey key, Uni<String> body, CompletableFuture<Void> accepted) {
        Optional<NoteStatus> unwritten = NoteStatus.withoutWriting(nothingToNote, dryRun, config.note().enabled());
        if (unwritten.isPresent()) {
            count(unwritten.get().value());
            return Uni.createFrom().item(new Written(NoteOutcome.of(unwritten.get()), null));
        }
        Located to = where.get();
        Uni<String> shared = Concurrently.shared(body);
        Uni<ExactlyOneNote.Kept> main = write(invocation, to.main.result(), what, key, shared, accepted);
        Uni<Written> written = to.tracking == null ? main.map(kept -> new Written(kept.outcome(), null, kept.existingBody(), kept.keptBody()))
                : Concurrently.both(main, write(invocation, to.tracking.result(), what, key, shared, new CompletableFuture<>()),
                        (kept, tracking) -> new Written(kept.outcome(), tracking.outcome(), kept.existingBody(), kept.keptBody()));
        return written.invoke(notes -> count(notes.note().status()))
                .onFailure().invoke(failure -> count(FAILED))
                .onTermination().invoke(to::cancel);
    }

    /** A note of the function found where its notes go: the issue, the note, its body and its URL. */
    public record Found(String project, long issueIid, long noteId, String body, String url) {
    }

    /**
     * The oldest note by a trusted author that {@code key} matches, on the main destination (the release issue, or
     * the tracking issue alone); empty when there is none, or no such issue.
     */
    public Uni<Optional<Found>> find(Invocation invocation, Supplier<Located> where, ExactlyOneNote.NoteKey key) {
        Located to = where.get();
        return findAt(invocation, to, key).onTermination().invoke(to::cancel);
    }

    /** The same where the caller located, and goes on using (a write after it): the look-ups are left running. */
    public Uni<Optional<Found>> findAt(Invocation invocation, Located where, ExactlyOneNote.NoteKey key) {
        return oldest(invocation, where.main, key);
    }

    /** A note found on the main destination and its copy on the tracking issue; each empty when not found. */
    public record Copies(Optional<Found> main, Optional<Found> tracking) {

        /** The notes found, the main one first. */
        public List<Found> all() {
            return java.util.stream.Stream.of(main, tracking).flatMap(Optional::stream).toList();
        }
    }

    /** The same as {@link #find} on every destination: the main one, and the tracking issue when configured. */
    public Uni<Copies> findEverywhere(Invocation invocation, Supplier<Located> where, ExactlyOneNote.NoteKey key) {
        Located to = where.get();
        // The tracking issue's copy is a copy: a failure to read it leaves it out and does not stop the main note.
        Uni<Optional<Found>> tracking = to.tracking == null ? Uni.createFrom().item(Optional.empty())
                : oldest(invocation, to.tracking, key).onFailure(failure -> !(failure instanceof Invocation.DeadlineExceededException))
                        .recoverWithItem(failure -> {
                            LOG.warnf("the tracking issue's notes were not read (%s): its copy is left as it is", failure.getMessage());
                            return Optional.empty();
                        });
        return Concurrently.both(oldest(invocation, to.main, key), tracking, Copies::new).onTermination().invoke(to::cancel);
    }

    private Uni<Optional<Found>> oldest(Invocation invocation, Concurrently.Early<Destination> on, ExactlyOneNote.NoteKey key) {
        return on.result().chain(destination -> Concurrently.both(destination.firstNotes().all(), trust.authors(invocation),
                (all, authors) -> notes.oldest(destination.issue().project() + "#" + destination.issue().iid(), all.items(), key, authors)
                        .map(note -> new Found(destination.issue().project(), destination.issue().iid(), note.id(), note.body(),
                                destination.issue().noteUrl(note.id())))))
                .onFailure(NotFoundException.class).recoverWithItem(Optional.empty());
    }

    /** A found note with a new body (GitLab lets its author edit it); nothing when the body is the same. */
    public Uni<Void> amend(Invocation invocation, Found found, String body) {
        if (body.equals(found.body())) {
            return Uni.createFrom().voidItem();
        }
        return gitlab.updateNote(invocation, found.project(), found.issueIid(), found.noteId(), body).replaceWithVoid();
    }

    /**
     * The package's note on its QA issue ({@code TRACKER_QA_ISSUE_NOTES}): written once, like every note; {@code none}
     * when there is no QA issue; empty when the setting is off or nothing is written (dry run, flag off).
     */
    public Uni<Optional<NoteOutcome>> writeOnQaIssue(Invocation invocation, String packageVersion, boolean dryRun,
            ExactlyOneNote.NoteKey key, Uni<String> body) {
        if (!config.qaIssueNotes() || !writes(dryRun)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return issues.qaIssue(invocation, packageVersion).chain(found -> found.isEmpty()
                ? Uni.createFrom().item(Optional.of(NoteOutcome.of(NoteStatus.NONE)))
                : write(invocation, destination(invocation, found.get()), "the QA note of " + packageVersion, key, body,
                        new CompletableFuture<>()).map(kept -> Optional.of(kept.outcome())));
    }

    /** One destination's note; {@code accepted} as in {@link ExactlyOneNote#ensureOne}, failed when the issue is not found. */
    private Uni<ExactlyOneNote.Kept> write(Invocation invocation, Uni<Destination> destination, String what,
            ExactlyOneNote.NoteKey key, Uni<String> body, CompletableFuture<Void> accepted) {
        return destination.onFailure().invoke(accepted::completeExceptionally)
                .chain(to -> notes.ensureOne(invocation, to.issue().project(), to.issue().iid(), what, key,
                        to.firstNotes().all(), body, accepted).map(kept -> kept.at(to.issue().webUrl())));
    }
}
