package com.gitlab.release.tracker.domain.notes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.UtcTime;

/**
 * Writes and reads the note about one post-deploy migration run: readable Markdown for people, plus the hidden
 * marker ({@link NoteMarker}, type {@code execution}) keyed by the environment and the deployment id.
 */
public final class RunNote {

    private RunNote() {
    }

    /**
     * The note for a run.
     *
     * @param jobUrl the pipeline job that ran them, or null
     * @param introductions the package and MR that introduced each post-migration, for those a package note names
     * @param kinds what each post-migration does, for those whose file could be read
     */
    public static String render(RunRecord record, String jobUrl, Map<String, Introduction> introductions,
            Map<String, MigrationKind> kinds) {
        return render(record, jobUrl, null, introductions, kinds);
    }

    /** The same, naming the notice written when the run started ({@code noticeUrl}, or null). */
    public static String render(RunRecord record, String jobUrl, String noticeUrl, Map<String, Introduction> introductions,
            Map<String, MigrationKind> kinds) {
        return NoteBudget.fit((full, listed) -> render(record, jobUrl, noticeUrl, introductions, full ? kinds : Map.of(), listed, full),
                record.postMigrations().size(), "the run of deployment " + record.deploymentId());
    }

    private static String render(RunRecord record, String jobUrl, String noticeUrl, Map<String, Introduction> introductions,
            Map<String, MigrationKind> kinds, int listed, boolean full) {
        StringBuilder md = new StringBuilder();
        md.append(marker(record)).append('\n');
        md.append("#### Post-deployment migrations executed on ").append(Markdown.code(record.environment().stage()))
                .append("\n\n");
        int count = record.postMigrations().size();
        md.append("The post-deploy migration pipeline ran ").append(count)
                .append(count == 1 ? " post-deployment migration" : " post-deployment migrations").append(" on ")
                .append(Markdown.code(record.environment().name()));
        record.executedAt().ifPresent(at -> md.append(" at ").append(UtcTime.human(at)));
        md.append(" (commit ").append(Markdown.code(shortSha(record.sha())));
        if (Markdown.safeUrl(jobUrl).isPresent()) {
            md.append(", ").append(Markdown.link("job", jobUrl));
        }
        md.append("; previous run at ").append(Markdown.code(shortSha(record.previousSha()))).append("):\n\n");
        appendPostMigrations(md, record.postMigrations(), introductions, kinds, listed, full);
        md.append("\nRolling ").append(Markdown.code(record.environment().stage()))
                .append(" back to a package without them is no longer safe.\n");
        if (Markdown.safeUrl(noticeUrl).isPresent()) {
            md.append("\nAnnounced when it started: ").append(Markdown.link("the notice", noticeUrl)).append(".\n");
        }
        return md.toString();
    }

    /**
     * The record in a note body; empty when the note has no run marker.
     *
     * @throws NoteMarker.MalformedMarkerException when the marker cannot be read
     */
    public static Optional<RunRecord> parse(String body) {
        Optional<NoteMarker.Payload> read = NoteMarker.read(body);
        if (read.isEmpty() || !NoteMarker.isRun(read.get())) {
            return Optional.empty();
        }
        NoteMarker.Payload marker = read.get();
        if (!DatabaseEnvironment.isDatabaseEnvironment(marker.environment()) || marker.deploymentId() == null) {
            throw new NoteMarker.MalformedMarkerException(NoteMarker.NAME
                    + " run marker names no database environment or deployment");
        }
        return Optional.of(new RunRecord(new DatabaseEnvironment(marker.environment()), marker.deploymentId(),
                marker.sha(), marker.previousSha(), UtcTime.parse(marker.executedAt()),
                marker.postMigrations() == null ? List.of() : marker.postMigrations()));
    }

    static String marker(RunRecord record) {
        return NoteMarker.write(new NoteMarker.Payload(1, NoteMarker.RUN, null, null, record.environment().name(),
                record.deploymentId(), record.executedAt().map(Object::toString).orElse(null), record.sha(),
                record.previousSha(), record.postMigrations(), null, null));
    }

    /**
     * The post-migrations of a run, a line each: the file, the package that brought it, what it does, its merge
     * request (left out of a brief note); past {@code listed}, how many more. Shared by run notes and notices.
     */
    static void appendPostMigrations(StringBuilder md, List<String> postMigrations, Map<String, Introduction> introductions,
            Map<String, MigrationKind> kinds, int listed, boolean full) {
        int count = postMigrations.size();
        for (String path : postMigrations.subList(0, Math.min(listed, count))) {
            Introduction introduction = introductions.getOrDefault(path, Introduction.UNKNOWN);
            md.append("- ").append(Markdown.code(path)).append(" from ")
                    .append(introduction.packageName() == null ? "an unknown package" : Markdown.code(introduction.packageName()));
            MigrationKind kind = kinds.get(path);
            if (kind != null) {
                md.append(" (").append(KindMarkdown.of(kind)).append(')');
            }
            if (full && introduction.mergeRequest() != null) {
                md.append(", ").append(introduction.mergeRequest().markdown());
            }
            md.append('\n');
        }
        if (listed < count) {
            md.append(NoteBudget.more(count - listed));
        }
        if (!full) {
            md.append(NoteBudget.BRIEF);
        }
    }

    /** A commit as a run's note names it: its short SHA, or {@code unknown}. */
    static String shortSha(String sha) {
        return CommitSha.isSha(sha) ? new CommitSha(sha).shortSha() : "unknown";
    }
}
