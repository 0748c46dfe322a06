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
        StringBuilder md = new StringBuilder();
        md.append(PackageNote.marker(record, NoteMarker.QA)).append('\n');
        md.append("#### Post-deployment migrations in this package\n\n");
        md.append("They run apart from the deployment, in the next post-deploy migration pipeline:\n\n");
        for (String path : record.postMigrations()) {
            md.append("- ").append(Markdown.code(path));
            MergeRequest mr = record.mergeRequests().get(path);
            md.append(mr == null ? " (no merge request found)" : " from " + mr.markdown());
            md.append('\n');
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
