package com.gitlab.release.tracker.notices;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.notes.NoteOutcome;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the notice of a run that started answers ({@code /deployment-event}, {@code running} on a database
 * environment): what the run will execute, what it costs the rollback, the note, and the Slack message
 * ({@link SlackWebhook.Outcome}: {@code sent}, {@code failed}, {@code off}, {@code not sent}, {@code none});
 * {@code trackingNote}: its copy on the tracking issue, when one is configured. For a run that ended without
 * success, {@code ended} says how and {@code note} (and {@code trackingNote}) the notice that now says so.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoticeAnswer(String environment, long deploymentId, String sha, List<PostMigrationEntry> postMigrations,
        List<String> lostTargets, String pointOfNoReturn, String pointOfNoReturnAfter, List<String> newlyBreaking,
        NoteOutcome note, NoteOutcome trackingNote, String slack, String ended) {

    /** The same notice, its run since ended without success ({@code status}). */
    NoticeAnswer withEnded(String status) {
        return new NoticeAnswer(environment, deploymentId, sha, postMigrations, lostTargets, pointOfNoReturn, pointOfNoReturnAfter,
                newlyBreaking, note, trackingNote, slack, status);
    }

    static NoticeAnswer ended(String environment, long deploymentId, String status, NoteOutcome note, NoteOutcome trackingNote) {
        return new NoticeAnswer(environment, deploymentId, null, null, null, null, null, null, note, trackingNote, null, status);
    }
}
