package com.gitlab.release.tracker.service;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.Release;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLab.FirstPage;
import com.gitlab.release.tracker.gitlab.GitLabNote;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.service.RecordPackageResult.NoteOutcome;
import com.gitlab.release.tracker.service.RecordPackageResult.Status;

import io.smallrye.mutiny.Uni;

/**
 * Where a note goes: the monthly release issue, and the tracking issue when one is configured (or only there, with
 * {@code TRACKER_TRACKING_ONLY}). Each write keeps exactly one note per thing ({@link TrackerNotes#ensureOne}).
 */
@ApplicationScoped
public class NoteWriter {

    private final TrackerConfig config;
    private final ReleaseIssues issues;
    private final TrackerNotes notes;
    private final GitLab gitlab;

    public NoteWriter(TrackerConfig config, ReleaseIssues issues, TrackerNotes notes, GitLab gitlab) {
        this.config = config;
        this.issues = issues;
        this.notes = notes;
        this.gitlab = gitlab;
    }

    /** The notes written or found: on the release issue (or the tracking issue alone), and on the tracking issue. */
    public record Written(NoteOutcome note, NoteOutcome trackingNote) {
    }

    /** An issue a note goes to, and the first page of its notes. */
    private record Destination(NoteIssue issue, FirstPage<GitLabNote> firstNotes) {
    }

    /**
     * The issues a note would go to, being looked up (with the first page of their notes) from the moment this
     * returns: a caller starts it beside the work that tells whether there is a note to write at all, and cancels
     * it ({@link #cancel}) once its answer is made. A failure (no release issue) matters only to a write.
     */
    public static final class Destinations {
        private final Concurrently.Early<Destination> main;
        private final Concurrently.Early<Destination> tracking;

        private Destinations(Concurrently.Early<Destination> main, Concurrently.Early<Destination> tracking) {
            this.main = main;
            this.tracking = tracking;
        }

        /** Stops the look-ups if they still run. */
        public void cancel() {
            main.cancel();
            if (tracking != null) {
                tracking.cancel();
            }
        }
    }

    /**
     * Starts looking up where a note goes.
     *
     * @param release the monthly issue's release; null for the newest open one
     * @param issueIid an issue the caller named instead, or null
     */
    public Destinations locate(Invocation invocation, Release release, Long issueIid) {
        Concurrently.Early<Destination> tracking = issues.hasTracking()
                ? Concurrently.start(issues.tracking(invocation).map(Optional::orElseThrow).chain(issue -> destination(invocation, issue)))
                : null;
        if (tracking != null && config.trackingOnly()) {
            return new Destinations(tracking, null);
        }
        if (issueIid != null) {
            return new Destinations(Concurrently.start(issues.byIid(invocation, issueIid).chain(issue -> destination(invocation, issue))),
                    tracking);
        }
        Supplier<Uni<NoteIssue>> search = () -> release != null ? issues.forRelease(invocation, release) : issues.newestOpen(invocation);
        return new Destinations(Concurrently.start(search.get().chain(issue -> destination(invocation, issue)
                // A remembered search may name an issue deleted since: forget it and search again, once.
                .onFailure(NotFoundException.class).recoverWithUni(gone -> {
                    issues.forgetSearches();
                    return search.get().chain(again -> destination(invocation, again));
                }))), tracking);
    }

    private Uni<Destination> destination(Invocation invocation, NoteIssue issue) {
        return gitlab.firstNotesPage(invocation, issue.project(), issue.iid()).map(first -> new Destination(issue, first));
    }

    /**
     * Writes the note unless it exists, on every destination at once. The rest of each issue's notes is read
     * beside {@code body}, which is only waited for when it is needed.
     */
    public Uni<Written> write(Invocation invocation, Destinations to, String what, TrackerNotes.NoteKey key, Uni<String> body) {
        Uni<String> shared = body.memoize().indefinitely();
        Uni<NoteOutcome> main = write(invocation, to.main.result(), what, key, shared);
        if (to.tracking == null) {
            return main.map(note -> new Written(note, null));
        }
        return Concurrently.both(main, write(invocation, to.tracking.result(), what, key, shared), Written::new);
    }

    /** Writes the note unless it exists, for a caller with nothing to do meanwhile. */
    public Uni<Written> write(Invocation invocation, Release release, Long issueIid, String what, TrackerNotes.NoteKey key,
            String body) {
        Destinations to = locate(invocation, release, issueIid);
        return write(invocation, to, what, key, Uni.createFrom().item(body)).onTermination().invoke(to::cancel);
    }

    private Uni<NoteOutcome> write(Invocation invocation, Uni<Destination> destination, String what, TrackerNotes.NoteKey key,
            Uni<String> body) {
        return destination.chain(to -> notes.ensureOne(invocation, to.issue().project(), to.issue().iid(), what, key,
                to.firstNotes().all(), body)
                .map(kept -> NoteOutcome.of(kept.created() ? Status.CREATED : Status.EXISTS, kept.noteId(), to.issue().webUrl(),
                        kept.duplicates())));
    }
}
