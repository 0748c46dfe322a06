package com.gitlab.release.tracker.domain.notes;

import java.util.Optional;

import com.gitlab.release.tracker.domain.migrations.MergeRequest;

/**
 * The note on a package's QA issue ({@code <version> QA Issue}): the merge requests that brought its
 * post-migrations, each with its author (no mention) and group, so QA knows whom to ask. Its marker
 * ({@link NoteMarker}, type {@code qa}) names the package.
 */
public final class QaNote {

    private QaNote() {
    }

    public static String render(PackageRecord record) {
        return NoteBudget.fit((full, listed) -> render(full ? record : record.brief(), listed, full), record.postMigrations().size(),
                "the QA issue of " + record.packageName());
    }

    private static String render(PackageRecord record, int listed, boolean full) {
        StringBuilder md = new StringBuilder();
        md.append(PackageNote.marker(record, NoteMarker.QA)).append('\n');
        md.append("#### Post-deployment migrations in this package\n\n");
        md.append("They run apart from the deployment, in the next post-deploy migration pipeline:\n\n");
        int count = record.postMigrations().size();
        for (String path : record.postMigrations().subList(0, Math.min(listed, count))) {
            md.append("- ").append(Markdown.code(path));
            MergeRequest mr = record.mergeRequests().get(path);
            md.append(mr == null ? (full ? " (no merge request found)" : "") : " from " + mr.markdown());
            md.append('\n');
        }
        if (listed < count) {
            md.append(NoteBudget.more(count - listed));
        }
        if (!full) {
            md.append(NoteBudget.BRIEF);
        }
        return md.toString();
    }

    /**
     * The package a QA note is about; empty for any other note.
     *
     * @throws NoteMarker.MalformedMarkerException when the marker cannot be read
     */
    public static Optional<String> packageOf(String body) {
        return NoteMarker.read(body).filter(NoteMarker::isQa).map(NoteMarker.Payload::packageName);
    }
}
