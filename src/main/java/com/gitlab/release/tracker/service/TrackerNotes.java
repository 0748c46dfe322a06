package com.gitlab.release.tracker.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.ExecutionNote;
import com.gitlab.release.tracker.domain.ExecutionRecord;
import com.gitlab.release.tracker.domain.NoteMarker;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.PackageNote;
import com.gitlab.release.tracker.domain.PackageRecord;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabNote;
import com.gitlab.release.tracker.gitlab.GitLabRefusedException;
import com.gitlab.release.tracker.gitlab.GitLabUnavailableException;

/**
 * Reads and writes the function's notes on an issue (package notes and execution notes), keeping exactly one note
 * per thing: read all notes and stop if the thing has one; else write, read again, and when more than one note
 * is about it keep the oldest (lowest id) and delete the rest. Concurrent or retried deliveries all agree on the
 * lowest id, so they converge on the same single note.
 */
@ApplicationScoped
public class TrackerNotes {
    private static final Logger LOG = Logger.getLogger(TrackerNotes.class);

    private final GitLab gitlab;

    public TrackerNotes(GitLab gitlab) {
        this.gitlab = gitlab;
    }

    /** A package note found on an issue. */
    public record FoundPackage(long noteId, PackageRecord record) {
    }

    /** An execution note found on an issue. */
    public record FoundExecution(long noteId, ExecutionRecord record) {
    }

    /** The function's notes on one issue, oldest first. */
    public record IssueNotes(List<FoundPackage> packages, List<FoundExecution> executions) {
    }

    /**
     * The outcome of {@link #ensureOne}: the note kept, whether this call wrote it, and how many duplicates are left
     * because the token may not delete them.
     */
    public record Kept(long noteId, boolean created, int duplicates) {
    }

    /** Every package and execution note on an issue, oldest first; other notes skipped, malformed ones logged. */
    public IssueNotes read(String project, long issueIid) {
        List<GitLabNote> notes = gitlab.allNotes(project, issueIid);
        return new IssueNotes(parsed(project, issueIid, notes, PackageNote::parse, FoundPackage::new),
                parsed(project, issueIid, notes, ExecutionNote::parse, FoundExecution::new));
    }

    private interface Found<R, F> {
        F of(long noteId, R record);
    }

    private static <R, F> List<F> parsed(String project, long issueIid, List<GitLabNote> notes,
            Function<String, Optional<R>> parse, Found<R, F> found) {
        List<F> result = new ArrayList<>();
        for (GitLabNote note : notes) {
            if (note.system()) {
                continue;
            }
            try {
                parse.apply(note.body()).ifPresent(record -> result.add(found.of(note.id(), record)));
            } catch (NoteMarker.MalformedMarkerException e) {
                LOG.warnf("skipping note %d on %s#%d: %s", note.id(), project, issueIid, e.getMessage());
            }
        }
        return result;
    }

    /** Whether a note body is about the thing a note is being written for: a package, or a migration run. */
    public interface NoteKey extends Predicate<String> {

        static NoteKey forPackage(PackageRecord record) {
            CommitSha sha = CommitSha.isSha(record.sha()) ? new CommitSha(record.sha()) : null;
            return body -> PackageNote.parse(body).map(found -> found.samePackage(record.packageName(), sha)).orElse(false);
        }

        static NoteKey forExecution(ExecutionRecord record) {
            return body -> ExecutionNote.parse(body)
                    .map(found -> found.sameRun(record.environment(), record.deploymentId())).orElse(false);
        }
    }

    /** What a full read of the notes showed: the notes about the thing, and the newest note id seen. */
    private record Read(List<Long> matching, long newestId) {
    }

    private static List<Long> matching(List<GitLabNote> notes, NoteKey key) {
        List<Long> ids = new ArrayList<>();
        for (GitLabNote note : notes) {
            try {
                if (!note.system() && key.test(note.body())) {
                    ids.add(note.id());
                }
            } catch (NoteMarker.MalformedMarkerException e) {
                // Logged where notes are read for their records; never the note being written.
            }
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /**
     * Writes the note unless the thing has one, and leaves exactly one. A write that fails is read back before it
     * is tried again: GitLab may have written a note whose answer was lost.
     *
     * @param what names the thing in messages, e.g. the package
     */
    public Kept ensureOne(String project, long issueIid, String what, NoteKey key, String body) {
        List<GitLabNote> notes = gitlab.allNotes(project, issueIid);
        Read before = new Read(matching(notes, key), notes.stream().mapToLong(GitLabNote::id).max().orElse(0));
        if (!before.matching().isEmpty()) {
            Kept kept = keepOldest(gitlab, project, issueIid, what, before.matching());
            return new Kept(kept.noteId(), false, kept.duplicates());
        }
        AtomicInteger attempts = new AtomicInteger();
        GitLab once = gitlab.withoutRetries();
        return gitlab.retrying(() -> writeAndConfirm(once, project, issueIid, what, key, body, before.newestId(),
                attempts.getAndIncrement() > 0));
    }

    /**
     * One attempt of the write step, each request tried once: when an earlier attempt may have written the note
     * (its answer or its read-back failed), read back first and write only if the note is not there; then write,
     * and read back the notes newer than the full read. Any other note about the thing was written after that read
     * (there was none before it), and GitLab's note ids grow with time, so the newest pages are enough to see every
     * duplicate.
     */
    private Kept writeAndConfirm(GitLab once, String project, long issueIid, String what, NoteKey key, String body,
            long newestBefore, boolean earlierAttemptMayHaveWritten) {
        if (earlierAttemptMayHaveWritten) {
            List<Long> found = matching(once.notesAfter(project, issueIid, newestBefore), key);
            if (!found.isEmpty()) {
                Kept kept = keepOldest(once, project, issueIid, what, found);
                return new Kept(kept.noteId(), true, kept.duplicates());
            }
        }
        Long createdId = null;
        GitLabUnavailableException writeFailure = null;
        try {
            createdId = once.createNoteOnce(project, issueIid, body).id();
        } catch (GitLabUnavailableException e) {
            writeFailure = e;
        }
        List<Long> after = matching(once.notesAfter(project, issueIid, newestBefore), key);
        if (after.isEmpty()) {
            if (writeFailure != null) {
                throw writeFailure;
            }
            // Not retried: writing again while GitLab holds an unlisted note would only add a duplicate.
            throw new TrackerException(502, "GitLab accepted note " + createdId + " for " + what
                    + " but does not list it on the issue; nothing is confirmed, call again later");
        }
        Kept kept = keepOldest(once, project, issueIid, what, after);
        // Written by this call unless GitLab confirmed our only note and another delivery's older note won.
        boolean created = createdId == null || createdId == kept.noteId() || earlierAttemptMayHaveWritten;
        return new Kept(kept.noteId(), created, kept.duplicates());
    }

    /**
     * Deletes every note of the list but the oldest, and returns the oldest. A duplicate the token may not delete
     * (403: it was written by someone else's token) is kept and counted, with a warning.
     */
    private Kept keepOldest(GitLab client, String project, long issueIid, String what, List<Long> sameNotes) {
        long kept = sameNotes.get(0);
        int left = 0;
        for (long duplicate : sameNotes.subList(1, sameNotes.size())) {
            try {
                client.deleteNote(project, issueIid, duplicate);
                LOG.infof("deleted duplicate note %d for %s (kept %d)", duplicate, what, kept);
            } catch (NotFoundException e) {
                // Another delivery removed it first.
            } catch (GitLabRefusedException e) {
                if (e.gitlabStatus() != 403) {
                    throw e;
                }
                left++;
                LOG.warnf("duplicate note %d for %s on %s#%d stays: the token may not delete it (403); kept %d",
                        duplicate, what, project, issueIid, kept);
            }
        }
        return new Kept(kept, false, left);
    }
}
