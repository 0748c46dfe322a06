package com.gitlab.release.tracker.notes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.migrations.MigrationRisk;
import com.gitlab.release.tracker.domain.notes.Introduction;
import com.gitlab.release.tracker.domain.notes.PackageRecord;
import com.gitlab.release.tracker.domain.notes.RecordAuthors;
import com.gitlab.release.tracker.domain.notes.RunRecord;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.FirstPage;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabNote;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.gitlab.Listing;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The record the notes hold: package notes and run notes read from a set of issues. */
@ApplicationScoped
public class NoteHistory {
    private final TrackerConfig config;
    private final ReleaseIssues issues;
    private final GitLab gitlab;
    private final Trust trust;

    public NoteHistory(TrackerConfig config, ReleaseIssues issues, GitLab gitlab, Trust trust) {
        this.config = config;
        this.issues = issues;
        this.gitlab = gitlab;
        this.trust = trust;
    }

    /** A package note and the issue it is on. */
    public record RecordedPackage(NoteIssue issue, NoteReader.FoundPackage note) {
        public PackageRecord record() {
            return note.record();
        }

        public String noteUrl() {
            return issue.noteUrl(note.noteId());
        }
    }

    /** A run note and the issue it is on. */
    public record RecordedRun(NoteIssue issue, NoteReader.FoundRun note) {
        public RunRecord record() {
            return note.record();
        }
    }

    /**
     * What the notes of some issues record, in the order of the issues, each issue's notes oldest first;
     * {@code unread}: for each issue whose notes were not all read ({@code TRACKER_NOTE_PAGES}), what was read.
     */
    public record History(List<RecordedPackage> packages, List<RecordedRun> runs, List<String> unread) {

        /** Nothing read: for an answer that needed no notes. */
        public static final History NONE = new History(List.of(), List.of(), List.of());

        public History {
            unread = List.copyOf(unread);
        }

        /** For an answer's text: what was not read, as a sentence after it; empty when everything was. */
        public String unreadSentence() {
            return unread.isEmpty() ? "" : " Not every note was read, so this may be incomplete: " + String.join("; ", unread) + ".";
        }

        /** The package that introduced each post-migration (the first package note naming it), and its merge request. */
        public Map<String, Introduction> introductions() {
            Map<String, Introduction> introductions = new HashMap<>();
            packages.forEach(p -> p.record().postMigrations().forEach(path -> introductions.putIfAbsent(path,
                    new Introduction(p.record().packageName(), p.record().mergeRequests().get(path)))));
            return introductions;
        }

        /** The rollback risk each post-migration's package note recorded (the first that did), for those with one. */
        public Map<String, MigrationRisk> recordedRisks() {
            Map<String, MigrationRisk> risks = new HashMap<>();
            packages.forEach(p -> p.record().rollbackRisks().forEach(risks::putIfAbsent));
            return risks;
        }

        /** When a post-migration ran on a database, from the first run note listing it. */
        public Optional<Instant> executedAt(String path, DatabaseEnvironment environment) {
            return runs.stream().map(RecordedRun::record)
                    .filter(e -> e.environment().equals(environment) && e.postMigrations().contains(path))
                    .map(RunRecord::executedAt).flatMap(Optional::stream).min(Instant::compareTo);
        }
    }

    /** The notes on the newest {@code TRACKER_QUERY_RELEASES} monthly issues and on the tracking issue. */
    public Uni<History> recent(Invocation invocation) {
        return read(startRecent(invocation));
    }

    /**
     * Starts reading the notes of the recent issues: the issues and the first page of each are read from now on,
     * the rest only when {@link Reading#history()} is asked for. A caller starts it beside the reads that tell whether
     * it needs the history at all.
     */
    public Reading startRecent(Invocation invocation) {
        return start(invocation, withTracking(invocation, issues.recent(invocation, config.queryReleases())));
    }

    /** Starts reading the notes of these issues (see {@link #startRecent}). */
    public Reading start(Invocation invocation, Uni<List<NoteIssue>> issuesToRead) {
        // Whose notes are kept whole is known before a page is read: read beside the issues (once per process).
        return new Reading(invocation, Concurrently.start(Concurrently.both(issuesToRead, trust.authors(invocation),
                (all, authors) -> Concurrently.all(all.stream()
                        .map(issue -> gitlab.firstNotesPage(invocation, issue.project(), issue.iid(), Trust.trusting(authors))
                                .map(first -> new Started(issue, first)))
                        .toList(), gitlab.concurrency())).chain(pages -> pages)));
    }

    /** An issue and the first page of its notes. */
    private record Started(NoteIssue issue, FirstPage<GitLabNote> firstNotes) {
    }

    /**
     * Notes being read: {@link #history()} reads what is left, every issue's remaining pages at once. Its starter
     * cancels it ({@link #cancel}) once its answer is made, used or not.
     */
    public final class Reading {
        private final Invocation invocation;
        private final Concurrently.Early<List<Started>> started;
        /** Whose notes are records: read beside the first pages (once per process, then remembered). */
        private final Concurrently.Early<RecordAuthors> authors;
        private Concurrently.Early<History> all;

        private Reading(Invocation invocation, Concurrently.Early<List<Started>> started) {
            this.invocation = invocation;
            this.started = started;
            this.authors = Concurrently.start(trust.authors(invocation));
        }

        /**
         * Reads every page from now on, not only the first ones: for an answer a person waits for, which most
         * likely needs the history, a round trip matters more than the pages read for nothing when it does not.
         */
        public Reading everyPageNow() {
            readingAll();
            return this;
        }

        /** The issues being read. */
        public Uni<List<NoteIssue>> issues() {
            return started.result().map(read -> read.stream().map(Started::issue).toList());
        }

        public Uni<History> history() {
            return readingAll().result();
        }

        /** The history, to tell how these post-migrations came; nothing is waited for when there is none. */
        public Uni<History> neededFor(Collection<String> postMigrations) {
            return postMigrations.isEmpty() ? Uni.createFrom().item(History.NONE) : history();
        }

        /** Stops what is still being read: the answer is made. */
        public synchronized void cancel() {
            started.cancel();
            authors.cancel();
            if (all != null) {
                all.cancel();
            }
        }

        private synchronized Concurrently.Early<History> readingAll() {
            if (all == null) {
                all = Concurrently.start(readAll());
            }
            return all;
        }

        /** Every issue's notes within the bound, side by side; read as records on a worker thread, off the event loop. */
        private Uni<History> readAll() {
            Uni<List<Listing<GitLabNote>>> listings = started.result().chain(all -> Concurrently.all(all.stream()
                    .map(s -> s.firstNotes().all()).toList(), gitlab.concurrency()));
            return Concurrently.all(started.result(), listings, authors.result())
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(read -> {
                        List<Started> all = read.getItem1();
                        List<RecordedPackage> packages = new ArrayList<>();
                        List<RecordedRun> runs = new ArrayList<>();
                        List<String> unread = new ArrayList<>();
                        for (int i = 0; i < all.size(); i++) {
                            NoteIssue issue = all.get(i).issue();
                            Listing<GitLabNote> listing = read.getItem2().get(i);
                            NoteReader.IssueNotes notes = NoteReader.read(issue.project(), issue.iid(), listing.items(),
                                    read.getItem3(), trust);
                            notes.packages().forEach(found -> packages.add(new RecordedPackage(issue, found)));
                            notes.runs().forEach(found -> runs.add(new RecordedRun(issue, found)));
                            listing.unread().ifPresent(pages -> unread.add(issue.project() + "#" + issue.iid() + ": notes of "
                                    + pages + " read (TRACKER_NOTE_PAGES)"));
                        }
                        return new History(packages, runs, unread);
                    });
        }
    }

    /** The monthly issues given, plus the tracking issue when one is configured (both looked up side by side). */
    public Uni<List<NoteIssue>> withTracking(Invocation invocation, Uni<List<NoteIssue>> monthly) {
        return Concurrently.both(monthly, issues.tracking(invocation), (found, tracking) -> {
            List<NoteIssue> all = new ArrayList<>(found);
            tracking.ifPresent(all::add);
            return all;
        });
    }

    /** The notes on these issues, all read at once (each issue's pages too). */
    public Uni<History> on(Invocation invocation, List<NoteIssue> issuesToRead) {
        return read(start(invocation, Uni.createFrom().item(issuesToRead)));
    }

    /** The whole history of a reading; the reading ends with it (cancelled, should the answer fail). */
    public static Uni<History> read(Reading reading) {
        return reading.history().onTermination().invoke(reading::cancel);
    }
}
