package com.gitlab.release.tracker.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.Release;
import com.gitlab.release.tracker.service.RecordPackageResult.NoteOutcome;
import com.gitlab.release.tracker.service.RecordPackageResult.Status;

/**
 * Where a note goes: the monthly release issue, and the tracking issue when one is configured (or only there, with
 * {@code TRACKER_TRACKING_ONLY}). Each write keeps exactly one note per thing ({@link TrackerNotes#ensureOne}).
 */
@ApplicationScoped
public class NoteWriter {

    private final TrackerConfig config;
    private final ReleaseIssues issues;
    private final TrackerNotes notes;

    public NoteWriter(TrackerConfig config, ReleaseIssues issues, TrackerNotes notes) {
        this.config = config;
        this.issues = issues;
        this.notes = notes;
    }

    /** The notes written or found: on the release issue (or the tracking issue alone), and on the tracking issue. */
    public record Written(NoteOutcome note, NoteOutcome trackingNote) {
    }

    /**
     * Writes the note unless it exists.
     *
     * @param release the monthly issue's release; null for the newest open one
     * @param issueIid an issue the caller named instead, or null
     */
    public Written write(Release release, Long issueIid, String what, TrackerNotes.NoteKey key, String body) {
        Optional<NoteIssue> tracking = issues.tracking();
        if (tracking.isPresent() && config.trackingOnly()) {
            return new Written(write(tracking.get(), what, key, body), null);
        }
        NoteIssue monthly = issueIid != null ? issues.byIid(issueIid)
                : release != null ? issues.forRelease(release) : issues.newestOpen();
        NoteOutcome note = write(monthly, what, key, body);
        return new Written(note, tracking.map(issue -> write(issue, what, key, body)).orElse(null));
    }

    private NoteOutcome write(NoteIssue issue, String what, TrackerNotes.NoteKey key, String body) {
        TrackerNotes.Kept kept = notes.ensureOne(issue.project(), issue.iid(), what, key, body);
        return NoteOutcome.of(kept.created() ? Status.CREATED : Status.EXISTS, kept.noteId(), issue.webUrl(), kept.duplicates());
    }
}
