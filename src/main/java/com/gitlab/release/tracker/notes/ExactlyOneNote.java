package com.gitlab.release.tracker.notes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.domain.notes.NoteMarker;
import com.gitlab.release.tracker.domain.notes.NoteStatus;
import com.gitlab.release.tracker.domain.notes.PackageNote;
import com.gitlab.release.tracker.domain.notes.PackageRecord;
import com.gitlab.release.tracker.domain.notes.QaNote;
import com.gitlab.release.tracker.domain.notes.RecordAuthors;
import com.gitlab.release.tracker.domain.notes.NoticeNote;
import com.gitlab.release.tracker.domain.notes.NoticeRecord;
import com.gitlab.release.tracker.domain.notes.RunNote;
import com.gitlab.release.tracker.domain.notes.RunRecord;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabNote;
import com.gitlab.release.tracker.gitlab.GitLabRefusedException;
import com.gitlab.release.tracker.gitlab.GitLabUnavailableException;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.gitlab.Listing;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Writes the function's notes on an issue (package notes and run notes), keeping exactly one note per thing: read
 * all notes and stop if the thing has one; else write, read again, and when more than one note is about it keep
 * the oldest (lowest id) and delete the rest. Concurrent or retried deliveries all agree on the
 * lowest id, so they converge on the same single note.
 */
@ApplicationScoped
public class ExactlyOneNote {
    private static final Logger LOG = Logger.getLogger(ExactlyOneNote.class);

    private final GitLab gitlab;
    private final Trust trust;

    public ExactlyOneNote(GitLab gitlab, Trust trust) {
        this.gitlab = gitlab;
        this.trust = trust;
    }

    /**
     * The outcome of {@link #ensureOne}: the note kept, whether this call wrote it, and how many duplicates are left
     * because the token may not delete them; {@code keptBody}: the kept note's text as GitLab lists it (which
     * delivery's note won, when several wrote one).
     */
    public record Kept(long noteId, boolean created, int duplicates, String existingBody, String issueUrl, String keptBody) {

        Kept(long noteId, boolean created, int duplicates, String keptBody) {
            this(noteId, created, duplicates, null, null, keptBody);
        }

        /** The same, with the URL of the issue it is on. */
        Kept at(String issueUrl) {
            return new Kept(noteId, created, duplicates, existingBody, issueUrl, keptBody);
        }

        /** The same, written by this call or not; {@code existingBody} set when it was there already. */
        Kept as(boolean byThisCall, String existing) {
            return new Kept(noteId, byThisCall, duplicates, existing, issueUrl, keptBody);
        }

        /** As answers show it. */
        NoteOutcome outcome() {
            return NoteOutcome.of(created ? NoteStatus.CREATED : NoteStatus.EXISTS, noteId, issueUrl, duplicates);
        }
    }

    /** Whether a note body is about the thing a note is being written for: a package, or a migration run. */
    public interface NoteKey extends Predicate<String> {

        /** The package's note on its QA issue. */
        static NoteKey forQa(PackageRecord record) {
            return body -> QaNote.packageOf(body).map(record.packageName()::equals).orElse(false);
        }

        static NoteKey forPackage(PackageRecord record) {
            CommitSha sha = CommitSha.isSha(record.sha()) ? new CommitSha(record.sha()) : null;
            return body -> PackageNote.parse(body).map(found -> found.samePackage(record.packageName(), sha)).orElse(false);
        }

        static NoteKey forNotice(NoticeRecord record) {
            return forNoticeOf(record.environment(), record.deploymentId());
        }

        /** The notice of a run: its database environment and deployment id. */
        static NoteKey forNoticeOf(DatabaseEnvironment environment, long deploymentId) {
            return body -> NoticeNote.parse(body).map(found -> found.sameRun(environment, deploymentId)).orElse(false);
        }

        static NoteKey forRun(RunRecord record) {
            return body -> RunNote.parse(body)
                    .map(found -> found.sameRun(record.environment(), record.deploymentId())).orElse(false);
        }
    }

    /** The oldest note about the thing, by a trusted author; empty when it has none. */
    public Optional<GitLabNote> oldest(String where, List<GitLabNote> notes, NoteKey key, RecordAuthors authors) {
        return matching(where, notes, key, authors).stream().findFirst();
    }

    /**
     * The notes about the thing, oldest (lowest id) first: by a trusted author only. An imitation (the marker by
     * anyone else) is not the thing's note, whatever it says: it is reported and left alone.
     */
    private List<GitLabNote> matching(String where, List<GitLabNote> notes, NoteKey key, RecordAuthors authors) {
        List<GitLabNote> found = new ArrayList<>();
        for (GitLabNote note : NoteReader.records(where, notes, authors, trust)) {
            try {
                if (key.test(note.body())) {
                    found.add(note);
                }
            } catch (NoteMarker.MalformedMarkerException e) {
                // Logged where notes are read for their records; never the note being written.
            }
        }
        found.sort(Comparator.comparingLong(GitLabNote::id));
        return found;
    }

    /**
     * Writes the note unless the thing has one, and leaves exactly one. A write that fails is read back before it
     * is tried again: GitLab may have written a note whose answer was lost. Nothing is written on an issue whose notes
     * were not all read ({@code TRACKER_NOTE_PAGES}): the thing's note may be among those left.
     *
     * @param what names the thing in messages, e.g. the package
     * @param notes the issue's notes, oldest first, within the bound (read by the caller, possibly beside other work)
     * @param body the note to write; subscribed only when the thing has no note yet
     * @param accepted completed as soon as the thing has a note on GitLab: one was found, or GitLab accepted the one
     *        written (before it is read back), so that what follows a note (a view of it elsewhere) need not wait for
     *        the read-back's round trip; failed when the write fails
     */
    public Uni<Kept> ensureOne(Invocation invocation, String project, long issueIid, String what, NoteKey key,
            Uni<Listing<GitLabNote>> notes, Uni<String> body, CompletableFuture<Void> accepted) {
        String where = project + "#" + issueIid;
        return Concurrently.both(notes, trust.authors(invocation)).emitOn(Infrastructure.getDefaultWorkerPool()).chain(read -> {
            Listing<GitLabNote> all = read.getItem1();
            RecordAuthors authors = read.getItem2();
            List<GitLabNote> matching = matching(where, all.items(), key, authors);
            if (!matching.isEmpty()) {
                accepted.complete(null);
                return keepOldest(gitlab, invocation, project, issueIid, what, matching, authors)
                        .map(kept -> kept.as(false, matching.get(0).body()));
            }
            if (!all.complete()) {
                return Uni.createFrom().failure(new TrackerException(409, "not writing the note for " + what + " on " + where
                        + ": only " + all.unread().orElse("some pages") + " of its notes were read (TRACKER_NOTE_PAGES), and"
                        + " its note may be among the others; raise TRACKER_NOTE_PAGES or use a tracking issue"));
            }
            long newestBefore = all.items().stream().mapToLong(GitLabNote::id).max().orElse(0);
            // The body only now: what it needs (a package's merge requests) is looked up only for a note to write.
            return body.chain(text -> gitlab.retrying(invocation, (once, earlierAttempt) -> writeAndConfirm(once, invocation,
                    project, issueIid, what, key, text, newestBefore, earlierAttempt, authors, accepted)));
        })
                // However the note came to be there (written, found, confirmed after a lost answer), it is there now.
                .invoke(kept -> accepted.complete(null))
                .onFailure().invoke(accepted::completeExceptionally);
    }

    /** The outcome of one write: the note GitLab created, or the failure that may hide one. */
    private record WriteAttempt(Long createdId, GitLabUnavailableException failure) {
    }

    /**
     * One attempt of the write step, each request tried once: when an earlier attempt may have written the note
     * (its answer or its read-back failed), read back first and write only if the note is not there; then write,
     * and read back the notes newer than the full read. Any other note about the thing was written after that read
     * (there was none before it), and GitLab's note ids grow with time, so the newest pages are enough to see every
     * duplicate.
     */
    private Uni<Kept> writeAndConfirm(GitLab once, Invocation invocation, String project, long issueIid, String what,
            NoteKey key, String body, long newestBefore, boolean earlierAttemptMayHaveWritten, RecordAuthors authors,
            CompletableFuture<Void> accepted) {
        String where = project + "#" + issueIid;
        Uni<List<GitLabNote>> alreadyWritten = earlierAttemptMayHaveWritten
                ? once.notesAfter(invocation, project, issueIid, newestBefore, Trust.trusting(authors)).map(notes -> matching(where, notes, key, authors))
                : Uni.createFrom().item(List.of());
        return alreadyWritten.chain(found -> {
            if (!found.isEmpty()) {
                accepted.complete(null);
                return keepOldest(once, invocation, project, issueIid, what, found, authors)
                        .map(kept -> kept.as(true, null));
            }
            return once.createNoteOnce(invocation, project, issueIid, body)
                    .invoke(note -> accepted.complete(null))
                    .map(note -> new WriteAttempt(note.id(), null))
                    .onFailure(GitLabUnavailableException.class)
                    .recoverWithItem(failure -> new WriteAttempt(null, (GitLabUnavailableException) failure))
                    .chain(attempt -> once.notesAfter(invocation, project, issueIid, newestBefore, Trust.trusting(authors))
                            .chain(notes -> confirm(once, invocation, project, issueIid, what,
                                    matching(where, notes, key, authors), attempt, earlierAttemptMayHaveWritten, authors)));
        });
    }

    private Uni<Kept> confirm(GitLab once, Invocation invocation, String project, long issueIid, String what,
            List<GitLabNote> after, WriteAttempt attempt, boolean earlierAttemptMayHaveWritten, RecordAuthors authors) {
        if (after.isEmpty()) {
            if (attempt.failure() != null) {
                return Uni.createFrom().failure(attempt.failure());
            }
            // Not retried: writing again while GitLab holds an unlisted note would only add a duplicate.
            return Uni.createFrom().failure(new TrackerException(502, "GitLab accepted note " + attempt.createdId() + " for "
                    + what + " but does not list it on the issue; nothing is confirmed, call again later"));
        }
        return keepOldest(once, invocation, project, issueIid, what, after, authors).map(kept -> {
            // Written by this call unless GitLab confirmed our only note and another delivery's older note won.
            boolean created = attempt.createdId() == null || attempt.createdId() == kept.noteId() || earlierAttemptMayHaveWritten;
            return kept.as(created, null);
        });
    }

    /**
     * Keeps the oldest of the notes about one thing and deletes the others the token's user wrote; a duplicate by
     * another trusted author (a bot before a token change) is never deleted, nor one the token may not delete (403):
     * both are kept and counted, with a warning.
     */
    private Uni<Kept> keepOldest(GitLab client, Invocation invocation, String project, long issueIid, String what,
            List<GitLabNote> sameNotes, RecordAuthors authors) {
        long kept = sameNotes.get(0).id();
        if (sameNotes.size() == 1) {
            return Uni.createFrom().item(new Kept(kept, false, 0, sameNotes.get(0).body()));
        }
        List<Uni<Integer>> deletions = sameNotes.subList(1, sameNotes.size()).stream()
                .map(duplicate -> !authors.isSelf(Trust.author(duplicate.author())) ? Uni.createFrom().item(() -> {
                    LOG.warnf("duplicate note %d for %s on %s#%d stays: another trusted author wrote it; kept %d",
                            duplicate.id(), what, project, issueIid, kept);
                    return 1;
                }) : client.deleteNote(invocation, project, issueIid, duplicate.id())
                        .map(deleted -> {
                            LOG.infof("deleted duplicate note %d for %s (kept %d)", duplicate.id(), what, kept);
                            return 0;
                        })
                        // Another delivery removed it first.
                        .onFailure(NotFoundException.class).recoverWithItem(0)
                        .onFailure(failure -> failure instanceof GitLabRefusedException refused && refused.gitlabStatus() == 403)
                        .recoverWithItem(failure -> {
                            LOG.warnf("duplicate note %d for %s on %s#%d stays: the token may not delete it (403); kept %d",
                                    duplicate.id(), what, project, issueIid, kept);
                            return 1;
                        }))
                .toList();
        return Uni.join().all(deletions).andFailFast()
                .map(left -> new Kept(kept, false, left.stream().mapToInt(Integer::intValue).sum(), sameNotes.get(0).body()));
    }
}
