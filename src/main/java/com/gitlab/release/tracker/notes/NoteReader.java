package com.gitlab.release.tracker.notes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.domain.notes.NoteMarker;
import com.gitlab.release.tracker.domain.notes.PackageNote;
import com.gitlab.release.tracker.domain.notes.PackageRecord;
import com.gitlab.release.tracker.domain.notes.RecordAuthors;
import com.gitlab.release.tracker.domain.notes.RunNote;
import com.gitlab.release.tracker.domain.notes.RunRecord;
import com.gitlab.release.tracker.gitlab.GitLabNote;

/**
 * The function's own notes among an issue's notes: package notes and run notes, by their markers, from trusted
 * authors only ({@link RecordAuthors}); a marked note from anyone else is reported to {@link Trust} and ignored.
 */
public final class NoteReader {
    private static final Logger LOG = Logger.getLogger(NoteReader.class);

    private NoteReader() {
    }

    /** A package note found on an issue. */
    public record FoundPackage(long noteId, PackageRecord record) {
    }

    /** A run note found on an issue. */
    public record FoundRun(long noteId, RunRecord record) {
    }

    /** The function's notes on one issue, oldest first. */
    public record IssueNotes(List<FoundPackage> packages, List<FoundRun> runs) {
    }

    /**
     * The package and run notes among an issue's notes, oldest first; other notes skipped, malformed ones logged,
     * imitations (a marker by an author not trusted) reported.
     */
    public static IssueNotes read(String project, long issueIid, List<GitLabNote> notes, RecordAuthors authors, Trust trust) {
        List<GitLabNote> records = records(project + "#" + issueIid, notes, authors, trust);
        return new IssueNotes(parsed(project, issueIid, records, PackageNote::parse, FoundPackage::new),
                parsed(project, issueIid, records, RunNote::parse, FoundRun::new));
    }

    /**
     * The notes that may be records: not system notes, and written by a trusted author. A note with the marker by
     * anyone else is reported ({@link Trust#untrusted}) and left out.
     */
    static List<GitLabNote> records(String where, List<GitLabNote> notes, RecordAuthors authors, Trust trust) {
        List<GitLabNote> records = new ArrayList<>();
        for (GitLabNote note : notes) {
            if (note.system() || !NoteMarker.hasMarker(note.body())) {
                continue;
            }
            if (authors.trusts(Trust.author(note.author()))) {
                records.add(note);
            } else {
                trust.untrusted(kindOf(note.body()), where, note.id(), note.author());
            }
        }
        return records;
    }

    private static Trust.Kind kindOf(String body) {
        return switch (NoteMarker.claimedKind(body).orElse("")) {
            case "package" -> Trust.Kind.PACKAGE_NOTE;
            case "run" -> Trust.Kind.RUN_NOTE;
            case "qa" -> Trust.Kind.QA_NOTE;
            case "notice" -> Trust.Kind.NOTICE_NOTE;
            default -> Trust.Kind.NOTE;
        };
    }

    private interface Found<R, F> {
        F of(long noteId, R record);
    }

    private static <R, F> List<F> parsed(String project, long issueIid, List<GitLabNote> notes,
            Function<String, Optional<R>> parse, Found<R, F> found) {
        List<F> result = new ArrayList<>();
        for (GitLabNote note : notes) {
            try {
                parse.apply(note.body()).ifPresent(record -> result.add(found.of(note.id(), record)));
            } catch (NoteMarker.MalformedMarkerException e) {
                LOG.warnf("skipping note %d on %s#%d: %s", note.id(), project, issueIid, e.getMessage());
            }
        }
        return result;
    }
}
