package com.gitlab.release.tracker.domain.notes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;

/**
 * Writes and reads the package note: readable Markdown for people, plus the hidden marker ({@link NoteMarker})
 * that carries the record. Parsing reads only the marker, so people may edit the visible text.
 */
public final class PackageNote {

    private PackageNote() {
    }

    /**
     * The note for a package.
     *
     * @param previousLabel the package or commit it was compared with
     * @param environment the environment that baseline came from, or null when the caller named it
     * @param compareUrl GitLab's compare page for the two commits, or null
     * @param kinds what each post-migration does, for those whose file could be read
     */
    public static String render(PackageRecord record, String previousLabel, String environment, String compareUrl,
            Map<String, MigrationKind> kinds) {
        return NoteBudget.fit((full, listed) -> full ? render(record, previousLabel, environment, compareUrl, kinds, listed, true)
                : render(record.brief(), previousLabel, environment, compareUrl, Map.of(), listed, false),
                record.postMigrations().size(), "package " + record.packageName());
    }

    private static String render(PackageRecord record, String previousLabel, String environment, String compareUrl,
            Map<String, MigrationKind> kinds, int listed, boolean full) {
        StringBuilder md = new StringBuilder();
        md.append(marker(record)).append('\n');
        md.append("#### Post-deployment migrations in ").append(Markdown.code(record.packageName())).append("\n\n");
        int count = record.postMigrations().size();
        md.append("This package adds ").append(count).append(count == 1 ? " post-deployment migration" : " post-deployment migrations")
                .append(" compared with ").append(Markdown.code(previousLabel));
        if (environment != null) {
            md.append(" (then on ").append(Markdown.code(environment)).append(')');
        }
        if (Markdown.safeUrl(compareUrl).isPresent()) {
            md.append(" (").append(Markdown.link("compare", compareUrl)).append(")");
        }
        md.append(":\n\n");
        for (String path : record.postMigrations().subList(0, Math.min(listed, count))) {
            md.append("- ").append(Markdown.code(path));
            MigrationKind kind = kinds.get(path);
            if (kind != null) {
                md.append(" (").append(KindMarkdown.of(kind)).append(')');
            }
            MergeRequest mr = record.mergeRequests().get(path);
            if (mr != null) {
                md.append(" from ").append(mr.markdown());
            }
            md.append('\n');
        }
        if (listed < count) {
            md.append(NoteBudget.more(count - listed));
        }
        if (!full) {
            md.append(NoteBudget.BRIEF);
        }
        md.append("\nThey run with the next post-deploy migration pipeline; once they have run on production, rolling back"
                + " to a package older than this one is no longer safe.\n");
        return md.toString();
    }

    /**
     * The record in a note body; empty when the note has no package marker (a person's comment, another tool's
     * note, a run note).
     *
     * @throws NoteMarker.MalformedMarkerException when the marker cannot be read
     */
    public static Optional<PackageRecord> parse(String body) {
        Optional<NoteMarker.Payload> read = NoteMarker.read(body);
        if (read.isEmpty() || read.get().type() != null) {
            return Optional.empty();
        }
        NoteMarker.Payload marker = read.get();
        if (marker.packageName() == null || marker.packageName().isBlank()) {
            throw new NoteMarker.MalformedMarkerException(NoteMarker.NAME + " marker names no package");
        }
        List<String> migrations = marker.postMigrations() == null ? List.of()
                : new ArrayList<>(marker.postMigrations()).stream().sorted().toList();
        return Optional.of(new PackageRecord(marker.packageName(), marker.sha(), marker.previousSha(), migrations,
                marker.release(), marker.mergeRequests(), marker.rollbackRisks()));
    }

    static String marker(PackageRecord record) {
        return marker(record, null);
    }

    /** A package's marker: {@code type} null on the release issue's note, {@link NoteMarker#QA} on the QA issue's. */
    static String marker(PackageRecord record, String type) {
        return NoteMarker.write(new NoteMarker.Payload(1, type, record.packageName(), record.release(), null, null, null,
                record.sha(), record.previousSha(), record.postMigrations(),
                record.mergeRequests().isEmpty() ? null : record.mergeRequests(),
                record.rollbackRisks().isEmpty() || type != null ? null : record.rollbackRisks()));
    }
}
