package com.gitlab.release.tracker.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.PackageNote;
import com.gitlab.release.tracker.domain.PackageRecord;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabNote;
import com.gitlab.release.tracker.gitlab.GitLabUnavailableException;

/**
 * Reads and writes package notes on an issue, keeping exactly one note per package:
 * read all notes and stop if the package is there; else write, read again, and when more than one note carries
 * the package's marker keep the oldest (lowest id) and delete the rest. Concurrent or retried deliveries all
 * agree on the lowest id, so they converge on the same single note.
 */
@ApplicationScoped
public class PackageNotes {
    private static final Logger LOG = Logger.getLogger(PackageNotes.class);

    private final GitLab gitlab;

    public PackageNotes(GitLab gitlab) {
        this.gitlab = gitlab;
    }

    /** A package note found on an issue. */
    public record Found(long noteId, PackageRecord record) {
    }

    /** The outcome of {@link #ensureOne}: the note kept, and whether this call wrote it. */
    public record Kept(long noteId, boolean created) {
    }

    /** Every package note on an issue, oldest first; notes without a marker are skipped, malformed ones logged. */
    public List<Found> all(String project, long issueIid) {
        return packageNotes(project, issueIid, gitlab.allNotes(project, issueIid));
    }

    private List<Found> packageNotes(String project, long issueIid, List<GitLabNote> notes) {
        List<Found> found = new ArrayList<>();
        for (GitLabNote note : notes) {
            if (note.system()) {
                continue;
            }
            try {
                PackageNote.parse(note.body()).ifPresent(record -> found.add(new Found(note.id(), record)));
            } catch (PackageNote.MalformedMarkerException e) {
                LOG.warnf("skipping note %d on %s#%d: %s", note.id(), project, issueIid, e.getMessage());
            }
        }
        return found;
    }

    /** What a full read of the notes showed: this package's notes, and the newest note id seen. */
    private record Read(List<Found> matching, long newestId) {
    }

    private Read readAll(String project, long issueIid, String packageName, CommitSha sha) {
        List<GitLabNote> notes = gitlab.allNotes(project, issueIid);
        long newest = notes.stream().mapToLong(GitLabNote::id).max().orElse(0);
        return new Read(matching(packageNotes(project, issueIid, notes), packageName, sha), newest);
    }

    /**
     * Writes the note unless the package has one, and leaves exactly one. A write that fails is read back before it
     * is tried again: GitLab may have written a note whose answer was lost.
     */
    public Kept ensureOne(String project, long issueIid, PackageRecord record, String body) {
        CommitSha sha = CommitSha.isSha(record.sha()) ? new CommitSha(record.sha()) : null;
        Read before = readAll(project, issueIid, record.packageName(), sha);
        if (!before.matching().isEmpty()) {
            return new Kept(keepOldest(project, issueIid, before.matching()), false);
        }
        AtomicInteger attempts = new AtomicInteger();
        return gitlab.retrying(() -> writeAndConfirm(project, issueIid, record.packageName(), sha, body,
                before.newestId(), attempts.getAndIncrement() > 0));
    }

    /**
     * Writes the note, then reads back the notes newer than the full read: any other note of this package was
     * written after that read (there was none before it), and GitLab's note ids grow with time, so the newest
     * pages are enough to see every duplicate.
     */
    private Kept writeAndConfirm(String project, long issueIid, String packageName, CommitSha sha, String body,
            long newestBefore, boolean earlierAttemptMayHaveWritten) {
        Long createdId = null;
        GitLabUnavailableException writeFailure = null;
        try {
            createdId = gitlab.createNoteOnce(project, issueIid, body).id();
        } catch (GitLabUnavailableException e) {
            writeFailure = e;
        }
        List<Found> after = matching(packageNotes(project, issueIid, gitlab.notesAfter(project, issueIid, newestBefore)),
                packageName, sha);
        if (after.isEmpty()) {
            if (writeFailure != null) {
                throw writeFailure;
            }
            // Not retried: writing again while GitLab holds an unlisted note would only add a duplicate.
            throw new TrackerException(502, "GitLab accepted note " + createdId + " for " + packageName
                    + " but does not list it on the issue; nothing is confirmed, call again later");
        }
        long kept = keepOldest(project, issueIid, after);
        // Written by this call unless GitLab confirmed our only note and another delivery's older note won.
        boolean created = createdId == null || createdId == kept || earlierAttemptMayHaveWritten;
        return new Kept(kept, created);
    }

    private static List<Found> matching(List<Found> found, String packageName, CommitSha sha) {
        return found.stream()
                .filter(note -> note.record().samePackage(packageName, sha))
                .sorted(Comparator.comparingLong(Found::noteId))
                .toList();
    }

    /** Deletes every note of the list but the oldest, and returns the oldest's id. */
    private long keepOldest(String project, long issueIid, List<Found> sameNotes) {
        long kept = sameNotes.get(0).noteId();
        for (Found duplicate : sameNotes.subList(1, sameNotes.size())) {
            try {
                gitlab.deleteNote(project, issueIid, duplicate.noteId());
                LOG.infof("deleted duplicate note %d for %s (kept %d)", duplicate.noteId(),
                        duplicate.record().packageName(), kept);
            } catch (NotFoundException e) {
                // Another delivery removed it first.
            }
        }
        return kept;
    }
}
