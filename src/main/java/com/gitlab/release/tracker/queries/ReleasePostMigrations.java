package com.gitlab.release.tracker.queries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.notes.Introduction;
import com.gitlab.release.tracker.domain.notes.KindMarkdown;
import com.gitlab.release.tracker.domain.notes.Markdown;
import com.gitlab.release.tracker.domain.notes.PackageRecord;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.domain.releases.Release;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.MigrationKinds;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.notes.NoteHistory;
import com.gitlab.release.tracker.notes.NoteHistory.RecordedPackage;
import com.gitlab.release.tracker.notes.NoteIssue;
import com.gitlab.release.tracker.notes.ReleaseIssues;
import com.gitlab.release.tracker.runs.Run;
import com.gitlab.release.tracker.runs.Runs;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /release-post-migrations}: every post-migration recorded for a monthly release, and which of them
 * have run on production (only those go into the release).
 */
@ApplicationScoped
public class ReleasePostMigrations {

    @RegisterForReflection
    public record Request(String release) {
    }

    /**
     * {@code postMigrations}: all, each marked {@code executedOnProduction}; {@code notExecuted}: the paths of those
     * not yet run on the production database, which do not go into the monthly release.
     */
    @RegisterForReflection
    public record Answer(String release, String issueUrl, List<PackageEntry> packages, List<ReleaseEntry> postMigrations,
            List<String> notExecuted, String productionEnvironment, String executedSha, String executedAt,
            String markdown, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unread) {
    }

    @RegisterForReflection
    public record PackageEntry(@JsonProperty("package") String packageName, String noteUrl, List<String> postMigrations) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReleaseEntry(String path, @JsonProperty("package") String packageName, String database,
            String batchedBackgroundMigration, String rollbackRisk, List<String> operations, MergeRequest mergeRequest,
            boolean executedOnProduction) {

        /** The entry as every other answer lists a post-migration. */
        public PostMigrationEntry entry() {
            return new PostMigrationEntry(path, packageName, database, batchedBackgroundMigration, rollbackRisk, operations,
                    mergeRequest);
        }
    }

    /** Packages with a version in build order, then the others in the order their notes were written. */
    private static final Comparator<RecordedPackage> PACKAGE_ORDER = Comparator
            .comparing((RecordedPackage r) -> !PackageVersion.looksLikeVersion(r.record().packageName()))
            .thenComparing(r -> PackageVersion.looksLikeVersion(r.record().packageName())
                    ? PackageVersion.parse(r.record().packageName()).timestamp() : "")
            .thenComparingLong(r -> r.note().noteId());

    private final ReleaseIssues issues;
    private final NoteHistory history;
    private final MigrationKinds kinds;
    private final Runs runs;
    private final GitLab gitlab;

    public ReleasePostMigrations(ReleaseIssues issues, NoteHistory history, MigrationKinds kinds, Runs runs, GitLab gitlab) {
        this.issues = issues;
        this.history = history;
        this.kinds = kinds;
        this.runs = runs;
        this.gitlab = gitlab;
    }

    public Uni<Answer> answer(Invocation invocation, Request request) {
        if (request == null || Input.blank(request.release())) {
            throw new BadInputException("name the release: {\"release\": \"14.8\"}");
        }
        Release release = Release.parse(request.release());
        DatabaseEnvironment production = runs.production();
        Uni<NoteIssue> issueUni = Concurrently.shared(issues.forRelease(invocation, release));
        Uni<NoteHistory.History> recordedUni = NoteHistory.read(history.start(invocation, history.withTracking(invocation, issueUni.map(List::of))));
        return Concurrently.all(issueUni, recordedUni, runs.latest(invocation, production)).chain(read -> {
            NoteIssue issue = read.getItem1();
            NoteHistory.History notes = read.getItem2();
            Optional<Run> lastRun = read.getItem3();
            Map<String, RecordedPackage> byPackage = new LinkedHashMap<>();
            for (RecordedPackage recorded : read.getItem2().packages()) {
                Optional<Release> recordRelease = recorded.record().releaseOrFromVersion();
                boolean onReleaseIssue = recorded.issue().equals(issue);
                if (onReleaseIssue || recordRelease.equals(Optional.of(release))) {
                    byPackage.putIfAbsent(recorded.record().packageName(), recorded);
                }
            }
            List<RecordedPackage> ordered = new ArrayList<>(byPackage.values());
            ordered.sort(PACKAGE_ORDER);
            List<PackageEntry> packages = ordered.stream()
                    .map(r -> new PackageEntry(r.record().packageName(), r.noteUrl(), r.record().postMigrations()))
                    .toList();

            // Each post-migration with the package that introduced it (the first in build order) and that package's commit.
            Map<String, RecordedPackage> introducedBy = new TreeMap<>();
            ordered.forEach(r -> r.record().postMigrations().forEach(path -> introducedBy.putIfAbsent(path, r)));
            List<String> paths = List.copyOf(introducedBy.keySet());
            Uni<List<Boolean>> executedUni = Concurrently.all(paths.stream()
                    .map(path -> runs.hasRun(invocation, path, lastRun)).toList(), gitlab.concurrency());
            Uni<List<Map<String, MigrationKind>>> kindsUni = Concurrently.all(ordered.stream()
                    .filter(r -> CommitSha.isSha(r.record().sha()))
                    .map(r -> kinds.of(invocation, r.record().postMigrations().stream().filter(p -> introducedBy.get(p) == r).toList(),
                            new CommitSha(r.record().sha())))
                    .toList(), gitlab.concurrency());
            return Concurrently.both(executedUni, kindsUni, (executed, kindMaps) -> {
                Map<String, MigrationKind> kindOf = new LinkedHashMap<>();
                kindMaps.forEach(kindOf::putAll);
                List<ReleaseEntry> entries = new ArrayList<>();
                List<String> notExecuted = new ArrayList<>();
                for (int i = 0; i < paths.size(); i++) {
                    String path = paths.get(i);
                    PackageRecord record = introducedBy.get(path).record();
                    PostMigrationEntry entry = PostMigrationEntry.of(path,
                            Map.of(path, new Introduction(record.packageName(), record.mergeRequests().get(path))), kindOf);
                    entries.add(new ReleaseEntry(path, entry.packageName(), entry.database(), entry.batchedBackgroundMigration(),
                            entry.rollbackRisk(), entry.operations(), entry.mergeRequest(), executed.get(i)));
                    if (!executed.get(i)) {
                        notExecuted.add(path);
                    }
                }
                return new Answer(release.toString(), issue.webUrl(), packages, entries, notExecuted,
                        production.name(), lastRun.map(r -> r.sha().value()).orElse(null),
                        lastRun.flatMap(Run::at).map(Instant::toString).orElse(null),
                        markdown(release, entries, production, packages.size()) + notes.unreadSentence(), notes.unread());
            });
        });
    }

    /** The release's post-migrations that ran on production, then those that did not (they stay out of it). */
    private static String markdown(Release release, List<ReleaseEntry> entries, DatabaseEnvironment production, int packageCount) {
        List<ReleaseEntry> ran = entries.stream().filter(ReleaseEntry::executedOnProduction).toList();
        List<ReleaseEntry> pending = entries.stream().filter(e -> !e.executedOnProduction()).toList();
        StringBuilder md = new StringBuilder("### Post-deployment migrations in ").append(release).append("\n\n");
        md.append(PostMigrationEntry.count(entries.size())).append(" from ").append(packageCount)
                .append(packageCount == 1 ? " package" : " packages").append("; ");
        if (ran.isEmpty()) {
            md.append("none has run on ").append(Markdown.code(production.name())).append(" yet.\n");
        } else {
            md.append(ran.size()).append(" executed on ").append(Markdown.code(production.name())).append(" go into the release:\n\n");
            ran.forEach(e -> md.append(line(e)));
        }
        if (!pending.isEmpty()) {
            md.append("\nNot yet executed on ").append(Markdown.code(production.name())).append(" (not in the release):\n\n");
            pending.forEach(e -> md.append(line(e)));
        }
        return md.toString();
    }

    private static String line(ReleaseEntry e) {
        return "- " + Markdown.code(e.path()) + " (" + Markdown.code(e.packageName())
                + PostMigrationEntry.kindText(e.database(), e.batchedBackgroundMigration()).map(kind -> ", " + kind).orElse("")
                + KindMarkdown.risk(e.rollbackRisk(), e.operations()).map(risk -> ", " + risk).orElse("")
                + (e.mergeRequest() == null ? "" : ", " + e.mergeRequest().markdown())
                + ")\n";
    }
}
