package com.gitlab.release.tracker.domain.notes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.rollback.HorizonMove;

/**
 * Writes and reads the notice of a post-deploy migration run that has started: what it will execute and what it
 * will cost the rollback, before the point of no return moves. The hidden marker ({@link NoteMarker}, type
 * {@code notice}) is keyed by the environment and the deployment id, as a run note's is; when the run fails or is
 * canceled, one line is added to the note ({@link #ended}).
 */
public final class NoticeNote {

    /** The line that says how a run ended without success; present once. */
    private static final String ENDED = "\n**This run ended without success:** ";

    private NoticeNote() {
    }

    /**
     * The notice for a run.
     *
     * @param stage the environment whose rollback targets the run moves ({@code gprd} for {@code db/gprd})
     * @param jobUrl the pipeline job that runs them, or null
     */
    public static String render(NoticeRecord record, String stage, HorizonMove move, String jobUrl,
            Map<String, Introduction> introductions, Map<String, MigrationKind> kinds) {
        return NoteBudget.fit((full, listed) -> render(record, stage, move, jobUrl, introductions, full ? kinds : Map.of(), listed, full),
                record.postMigrations().size(), "the notice of deployment " + record.deploymentId());
    }

    private static String render(NoticeRecord record, String stage, HorizonMove move, String jobUrl,
            Map<String, Introduction> introductions, Map<String, MigrationKind> kinds, int listed, boolean full) {
        StringBuilder md = new StringBuilder();
        md.append(marker(record)).append('\n');
        md.append("#### Post-deploy migration run starting on ").append(Markdown.code(record.environment().name())).append("\n\n");
        int count = record.postMigrations().size();
        md.append("It will execute ").append(count).append(count == 1 ? " post-deployment migration" : " post-deployment migrations")
                .append(" (commit ").append(Markdown.code(RunNote.shortSha(record.sha())));
        if (Markdown.safeUrl(jobUrl).isPresent()) {
            md.append(", ").append(Markdown.link("job", jobUrl));
        }
        md.append("; last run at ").append(Markdown.code(RunNote.shortSha(record.previousSha()))).append("):\n\n");
        RunNote.appendPostMigrations(md, record.postMigrations(), introductions, kinds, listed, full);
        md.append("\n**What it costs the rollback of ").append(Markdown.code(stage)).append("**: ").append(cost(move)).append('\n');
        return md.toString();
    }

    /** The horizon's move in words: the targets lost, the point of no return, the targets whose code would break. */
    static String cost(HorizonMove move) {
        if (!move.moves()) {
            return "nothing: every rollback target keeps its verdict.\n";
        }
        StringBuilder text = new StringBuilder();
        if (!move.lostTargets().isEmpty()) {
            text.append("safe now, not after it: ").append(codes(move.lostTargets())).append(". ");
        }
        text.append("The point of no return moves from ").append(move.pointOfNoReturn() == null ? "none" : Markdown.code(move.pointOfNoReturn()))
                .append(" to ").append(move.pointOfNoReturnAfter() == null ? "none" : Markdown.code(move.pointOfNoReturnAfter())).append('.');
        if (!move.newlyBreaking().isEmpty()) {
            text.append(" Judged by their own code, these targets would break on what it executes: ").append(codes(move.newlyBreaking()))
                    .append('.');
        }
        return text.append('\n').toString();
    }

    private static String codes(List<String> packages) {
        return String.join(", ", packages.stream().map(Markdown::code).toList());
    }

    /**
     * The notice with one line saying the run ended without success ({@code failed}, {@code canceled}); the notice
     * as it is when it says so already.
     */
    public static String ended(String body, String status, String at) {
        if (body.contains(ENDED)) {
            return body;
        }
        // Both are the webhook's text: in code spans (no mention, no quick action, no link), cut.
        return body + ENDED + Markdown.code(Input.shown(status)) + (at == null ? "" : " at " + Markdown.code(Input.shown(at)))
                + ". What it would have executed has not run: the rollback horizon did not move.\n";
    }

    /**
     * The record in a note body; empty when the note has no notice marker.
     *
     * @throws NoteMarker.MalformedMarkerException when the marker cannot be read
     */
    public static Optional<NoticeRecord> parse(String body) {
        Optional<NoteMarker.Payload> read = NoteMarker.read(body);
        if (read.isEmpty() || !NoteMarker.isNotice(read.get())) {
            return Optional.empty();
        }
        NoteMarker.Payload marker = read.get();
        if (!DatabaseEnvironment.isDatabaseEnvironment(marker.environment()) || marker.deploymentId() == null) {
            throw new NoteMarker.MalformedMarkerException(NoteMarker.NAME + " notice marker names no database environment or deployment");
        }
        return Optional.of(new NoticeRecord(new DatabaseEnvironment(marker.environment()), marker.deploymentId(), marker.sha(),
                marker.previousSha(), marker.postMigrations() == null ? List.of() : marker.postMigrations(), marker.writer()));
    }

    static String marker(NoticeRecord record) {
        return NoteMarker.write(new NoteMarker.Payload(1, NoteMarker.NOTICE, null, null, record.environment().name(),
                record.deploymentId(), null, record.sha(), record.previousSha(), record.postMigrations(), null, null, record.writer()));
    }
}
