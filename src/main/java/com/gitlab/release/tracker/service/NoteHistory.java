package com.gitlab.release.tracker.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.ExecutionRecord;
import com.gitlab.release.tracker.domain.PackageRecord;

/** The record the notes hold: package notes and execution notes read from a set of issues. */
@ApplicationScoped
public class NoteHistory {
    /** Issues read at once. */
    private static final int READERS = 4;

    private final TrackerConfig config;
    private final ReleaseIssues issues;
    private final TrackerNotes notes;

    public NoteHistory(TrackerConfig config, ReleaseIssues issues, TrackerNotes notes) {
        this.config = config;
        this.issues = issues;
        this.notes = notes;
    }

    /** A package note and the issue it is on. */
    public record RecordedPackage(NoteIssue issue, TrackerNotes.FoundPackage note) {
        public PackageRecord record() {
            return note.record();
        }

        public String noteUrl() {
            return issue.noteUrl(note.noteId());
        }
    }

    /** An execution note and the issue it is on. */
    public record RecordedExecution(NoteIssue issue, TrackerNotes.FoundExecution note) {
        public ExecutionRecord record() {
            return note.record();
        }
    }

    /** What the notes of some issues record, in the order of the issues, each issue's notes oldest first. */
    public record History(List<RecordedPackage> packages, List<RecordedExecution> executions) {

        /** The package that introduced each post-migration: the first package note naming it. */
        public Map<String, String> packageOf() {
            Map<String, String> packageOf = new HashMap<>();
            packages.forEach(p -> p.record().postMigrations().forEach(path -> packageOf.putIfAbsent(path, p.record().packageName())));
            return packageOf;
        }

        /** When a post-migration ran on a database, from the first execution note listing it. */
        public Optional<Instant> executedAt(String path, DatabaseEnvironment environment) {
            return executions.stream().map(RecordedExecution::record)
                    .filter(e -> e.environment().equals(environment) && e.postMigrations().contains(path))
                    .map(ExecutionRecord::executedAt).flatMap(Optional::stream).min(Instant::compareTo);
        }
    }

    /** The notes on the newest {@code TRACKER_QUERY_RELEASES} monthly issues and on the tracking issue. */
    public History recent() {
        return on(withTracking(issues.recent(config.queryReleases())));
    }

    /** The monthly issues given, plus the tracking issue when one is configured. */
    public List<NoteIssue> withTracking(List<NoteIssue> monthly) {
        List<NoteIssue> all = new ArrayList<>(monthly);
        issues.tracking().ifPresent(all::add);
        return all;
    }

    /** The notes on these issues, read side by side. */
    public History on(List<NoteIssue> issuesToRead) {
        List<TrackerNotes.IssueNotes> read = Parallel.map(issuesToRead, READERS, i -> notes.read(i.project(), i.iid()));
        List<RecordedPackage> packages = new ArrayList<>();
        List<RecordedExecution> executions = new ArrayList<>();
        for (int i = 0; i < issuesToRead.size(); i++) {
            NoteIssue issue = issuesToRead.get(i);
            read.get(i).packages().forEach(found -> packages.add(new RecordedPackage(issue, found)));
            read.get(i).executions().forEach(found -> executions.add(new RecordedExecution(issue, found)));
        }
        return new History(packages, executions);
    }
}
