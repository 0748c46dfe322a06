package com.gitlab.release.tracker.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.Markdown;
import com.gitlab.release.tracker.domain.MigrationKind;
import com.gitlab.release.tracker.domain.MigrationQuery;
import com.gitlab.release.tracker.domain.NamedCommit;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.PackageVersion;
import com.gitlab.release.tracker.domain.PostMigrationRule;
import com.gitlab.release.tracker.domain.Release;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.service.NoteHistory.RecordedPackage;

import io.smallrye.mutiny.Uni;

/**
 * The release managers' questions, answered from the notes (the record), GitLab's compare and the post-deploy
 * migration runs: which package introduced a post-migration and where it has run, whether a rollback is safe,
 * what goes into a release.
 */
@ApplicationScoped
public class PostMigrationQueries {
    private final TrackerConfig config;
    private final ReleaseIssues issues;
    private final NoteHistory history;
    private final PostMigrationFinder finder;
    private final MigrationKinds kinds;
    private final Executions executions;
    private final GitLab gitlab;
    private final ExecutionQueries executionQueries;

    public PostMigrationQueries(TrackerConfig config, ReleaseIssues issues, NoteHistory history,
            PostMigrationFinder finder, MigrationKinds kinds, Executions executions, GitLab gitlab,
            ExecutionQueries executionQueries) {
        this.config = config;
        this.issues = issues;
        this.history = history;
        this.finder = finder;
        this.kinds = kinds;
        this.executions = executions;
        this.gitlab = gitlab;
        this.executionQueries = executionQueries;
    }

    /**
     * Which package introduced a post-migration, and where it has run. The issues' notes (every page at once) and
     * the last run on each database are read side by side; then, for each hit, whether the file is at each run's
     * commit and what it does.
     */
    public Uni<WhichPackage.Answer> whichPackage(Invocation invocation, WhichPackage.Request request) {
        if (request == null) {
            throw new BadInputException("empty body: send {\"migration\": \"20220201173212\"}");
        }
        MigrationQuery query = MigrationQuery.parse(request.migration());
        Optional<Release> release = optionalRelease(request.release());
        Uni<List<NoteIssue>> searched = release.map(r -> issues.forRelease(invocation, r).map(List::of))
                .orElseGet(() -> issues.recent(invocation, config.queryReleases()));
        NoteHistory.Reading reading = history.start(invocation, history.withTracking(invocation, searched));
        return Concurrently.all(reading.issues(), reading.history(), lastRuns(invocation)).chain(read -> {
            List<NoteIssue> all = read.getItem1();
            NoteHistory.History recorded = read.getItem2();
            Map<DatabaseEnvironment, Optional<Executions.Run>> lastRuns = read.getItem3();
            Map<String, RecordedPackage> found = new LinkedHashMap<>();
            for (RecordedPackage note : recorded.packages()) {
                Optional<Release> recordRelease = note.record().releaseOrFromVersion();
                if (release.isPresent() && recordRelease.isPresent() && !recordRelease.equals(release)) {
                    continue;
                }
                for (String path : note.record().postMigrations()) {
                    if (query.matches(path)) {
                        found.putIfAbsent(note.record().packageName() + " " + path, note);
                    }
                }
            }
            if (found.isEmpty()) {
                throw new NotFoundException("migration " + query.text() + " is in no package note on "
                        + all.stream().map(i -> i.title() + " (" + i.project() + "#" + i.iid() + ")").collect(Collectors.joining(", "))
                        + (release.isEmpty() ? "; pass 'release' to look at an older release" : ""));
            }
            return Concurrently.all(found.entrySet().stream().map(hit -> {
                String path = hit.getKey().substring(hit.getKey().indexOf(' ') + 1);
                return found(invocation, path, hit.getValue(), lastRuns, recorded);
            }).toList(), gitlab.concurrency()).map(answers -> new WhichPackage.Answer(request.migration(), answers,
                    answers.stream().map(PostMigrationQueries::sentence).collect(Collectors.joining("; "))));
        }).onTermination().invoke(reading::cancel);
    }

    /** The last successful run on each configured database, looked up side by side. */
    private Uni<Map<DatabaseEnvironment, Optional<Executions.Run>>> lastRuns(Invocation invocation) {
        List<DatabaseEnvironment> environments = executions.environments();
        return Concurrently.all(environments.stream().map(environment -> executions.latest(invocation, environment)).toList(), gitlab.concurrency())
                .map(runs -> {
                    Map<DatabaseEnvironment, Optional<Executions.Run>> byEnvironment = new LinkedHashMap<>();
                    for (int i = 0; i < environments.size(); i++) {
                        byEnvironment.put(environments.get(i), runs.get(i));
                    }
                    return byEnvironment;
                });
    }

    private Uni<WhichPackage.Found> found(Invocation invocation, String path, RecordedPackage note,
            Map<DatabaseEnvironment, Optional<Executions.Run>> lastRuns, NoteHistory.History recorded) {
        List<DatabaseEnvironment> environments = List.copyOf(lastRuns.keySet());
        Uni<List<Boolean>> ran = Concurrently.all(environments.stream().map(environment -> lastRuns.get(environment)
                .map(run -> gitlab.fileExists(invocation, config.sourceProject(), path, run.sha().value()))
                .orElseGet(() -> Uni.createFrom().item(false))).toList(), gitlab.concurrency());
        Uni<Optional<MigrationKind>> kindUni = CommitSha.isSha(note.record().sha())
                ? kinds.of(invocation, List.of(path), new CommitSha(note.record().sha())).map(kindOf -> Optional.ofNullable(kindOf.get(path)))
                : Uni.createFrom().item(Optional.empty());
        return Concurrently.both(ran, kindUni, (executed, kind) -> {
            Map<String, Boolean> executedOn = new LinkedHashMap<>();
            Map<String, String> executedAt = new LinkedHashMap<>();
            for (int i = 0; i < environments.size(); i++) {
                DatabaseEnvironment environment = environments.get(i);
                executedOn.put(environment.name(), executed.get(i));
                recorded.executedAt(path, environment).ifPresent(at -> executedAt.put(environment.name(), at.toString()));
            }
            return new WhichPackage.Found(path, note.record().packageName(),
                    note.record().releaseOrFromVersion().map(Release::toString).orElse(null), note.issue().webUrl(),
                    note.noteUrl(), kind.map(k -> k.database().value()).orElse(null),
                    kind.flatMap(MigrationKind::batchedBackgroundMigration).map(MigrationKind.BatchedMigrationStep::value).orElse(null),
                    executedOn, executedAt);
        });
    }

    private static String sentence(WhichPackage.Found f) {
        String ran = f.executedOn().entrySet().stream()
                .map(e -> (e.getValue() ? "ran on " : "not yet run on ") + e.getKey())
                .collect(Collectors.joining(", "));
        return PostMigrationRule.fileName(f.path()) + " came with " + f.packageName()
                + (f.release() == null ? "" : " (" + f.release() + ")")
                + (ran.isEmpty() ? "" : ", " + ran) + ": " + f.noteUrl();
    }

    public Uni<RollbackCheck.Answer> rollbackCheck(Invocation invocation, RollbackCheck.Request request) {
        if (request != null && !blank(request.environment())) {
            return executionQueries.rollbackCheck(invocation, request);
        }
        if (request == null || blank(request.current()) || blank(request.target())) {
            throw new BadInputException("name both packages: {\"current\": \"<package or sha>\", \"target\": \"<package or sha>\"}"
                    + ", or an environment: {\"environment\": \"gprd\", \"target\": \"<package or sha>\"}");
        }
        NamedCommit current = NamedCommit.parse("current", request.current());
        NamedCommit target = NamedCommit.parse("target", request.target());
        checkOrder(request.current(), current.version(), request.target(), target.version());
        if (target.sha().sameCommit(current.sha())) {
            return Uni.createFrom().item(RollbackCheck.Answer.byPackages(true, request.current(), request.target(), List.of(),
                    "Safe: " + request.target() + " is the same commit as " + request.current() + "."));
        }
        return finder.introduced(invocation, target.sha(), current.sha()).chain(found -> {
            Uni<Void> ordered = found.postMigrations().isEmpty()
                    ? checkNotNewerBySha(invocation, request.current(), current, request.target(), target)
                    : Uni.createFrom().voidItem();
            return ordered.chain(() -> Concurrently.both(packageOf(invocation, current, target),
                    kinds.of(invocation, found.postMigrations(), current.sha()), (packageOf, kindOf) -> {
                        List<PostMigrationEntry> between = PostMigrationEntry.all(found.postMigrations(), packageOf, kindOf);
                        boolean safe = between.isEmpty();
                        String text = safe
                                ? "Safe: no post-deployment migration was introduced between " + request.target() + " and " + request.current() + "."
                                : "NOT safe to roll back from " + request.current() + " to " + request.target() + ": " + count(between.size())
                                        + " introduced since: " + PostMigrationEntry.describe(between);
                        return RollbackCheck.Answer.byPackages(safe, request.current(), request.target(), between, text);
                    }));
        });
    }

    /** A rollback goes to an older package: refuses a target whose version was built after current's. */
    static void checkOrder(String currentText, Optional<PackageVersion> current, String targetText,
            Optional<PackageVersion> target) {
        if (current.isPresent() && target.isPresent() && target.get().timestamp().compareTo(current.get().timestamp()) > 0) {
            throw targetIsNewer(currentText, targetText);
        }
    }

    /** For SHAs, asks GitLab's compare whether target has commits current lacks, and not the other way round. */
    Uni<Void> checkNotNewerBySha(Invocation invocation, String currentText, NamedCommit current, String targetText,
            NamedCommit target) {
        if (current.version().isPresent() && target.version().isPresent()) {
            return Uni.createFrom().voidItem();
        }
        return finder.hasCommitsSince(invocation, current.sha(), target.sha()).chain(targetHasMore -> !targetHasMore
                ? Uni.createFrom().voidItem()
                : finder.hasCommitsSince(invocation, target.sha(), current.sha()).map(currentHasMore -> {
                    if (!currentHasMore) {
                        throw targetIsNewer(currentText, targetText);
                    }
                    return null;
                }));
    }

    static String count(int n) {
        return n + (n == 1 ? " post-deployment migration" : " post-deployment migrations");
    }

    /** Which package introduced each post-migration, from the notes of the packages' releases (else recent ones). */
    Uni<Map<String, String>> packageOf(Invocation invocation, NamedCommit current, NamedCommit target) {
        Uni<List<NoteIssue>> searched;
        if (current.version().isEmpty() || target.version().isEmpty()) {
            searched = issues.recent(invocation, config.queryReleases());
        } else {
            searched = Concurrently.all(new TreeSet<>(List.of(current.version().get().release(), target.version().get().release()))
                    .stream().map(r -> issues.forRelease(invocation, r).map(Optional::of)
                            // No monthly issue for that release: nothing recorded there.
                            .onFailure(NotFoundException.class).recoverWithItem(Optional.<NoteIssue>empty()))
                    .toList(), gitlab.concurrency()).map(found -> found.stream().flatMap(Optional::stream).toList());
        }
        return NoteHistory.read(history.start(invocation, history.withTracking(invocation, searched))).map(NoteHistory.History::packageOf);
    }

    static BadInputException targetIsNewer(String current, String target) {
        return new BadInputException("target " + target + " is newer than current " + current
                + ": a rollback goes to an older package; swap them?");
    }

    public Uni<ReleasePostMigrations.Answer> releasePostMigrations(Invocation invocation, ReleasePostMigrations.Request request) {
        if (request == null || blank(request.release())) {
            throw new BadInputException("name the release: {\"release\": \"14.8\"}");
        }
        Release release = Release.parse(request.release());
        DatabaseEnvironment production = executions.production();
        Uni<NoteIssue> issueUni = issues.forRelease(invocation, release).memoize().indefinitely();
        Uni<NoteHistory.History> recordedUni = NoteHistory.read(history.start(invocation, history.withTracking(invocation, issueUni.map(List::of))));
        return Concurrently.all(issueUni, recordedUni, executions.latest(invocation, production)).chain(read -> {
            NoteIssue issue = read.getItem1();
            Optional<Executions.Run> lastRun = read.getItem3();
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
            List<ReleasePostMigrations.PackageEntry> packages = ordered.stream()
                    .map(r -> new ReleasePostMigrations.PackageEntry(r.record().packageName(), r.noteUrl(), r.record().postMigrations()))
                    .toList();

            // Each post-migration with the package that introduced it (the first in build order) and that package's commit.
            Map<String, RecordedPackage> introducedBy = new TreeMap<>();
            ordered.forEach(r -> r.record().postMigrations().forEach(path -> introducedBy.putIfAbsent(path, r)));
            List<String> paths = List.copyOf(introducedBy.keySet());
            Uni<List<Boolean>> executedUni = Concurrently.all(paths.stream().map(path -> lastRun
                    .map(run -> gitlab.fileExists(invocation, config.sourceProject(), path, run.sha().value()))
                    .orElseGet(() -> Uni.createFrom().item(false))).toList(), gitlab.concurrency());
            Uni<List<Map<String, MigrationKind>>> kindsUni = Concurrently.all(ordered.stream()
                    .filter(r -> CommitSha.isSha(r.record().sha()))
                    .map(r -> kinds.of(invocation, r.record().postMigrations().stream().filter(p -> introducedBy.get(p) == r).toList(),
                            new CommitSha(r.record().sha())))
                    .toList(), gitlab.concurrency());
            return Concurrently.both(executedUni, kindsUni, (executed, kindMaps) -> {
                Map<String, MigrationKind> kindOf = new LinkedHashMap<>();
                kindMaps.forEach(kindOf::putAll);
                List<ReleasePostMigrations.ReleaseEntry> entries = new ArrayList<>();
                List<String> notExecuted = new ArrayList<>();
                for (int i = 0; i < paths.size(); i++) {
                    String path = paths.get(i);
                    PostMigrationEntry entry = PostMigrationEntry.of(path, Map.of(path, introducedBy.get(path).record().packageName()), kindOf);
                    entries.add(new ReleasePostMigrations.ReleaseEntry(path, entry.packageName(), entry.database(),
                            entry.batchedBackgroundMigration(), executed.get(i)));
                    if (!executed.get(i)) {
                        notExecuted.add(path);
                    }
                }
                return new ReleasePostMigrations.Answer(release.toString(), issue.webUrl(), packages, entries, notExecuted,
                        production.name(), lastRun.map(r -> r.sha().value()).orElse(null),
                        lastRun.flatMap(Executions.Run::at).map(Instant::toString).orElse(null),
                        markdown(release, entries, production, packages.size()));
            });
        });
    }

    /** Packages with a version in build order, then the others in the order their notes were written. */
    private static final Comparator<RecordedPackage> PACKAGE_ORDER = Comparator
            .comparing((RecordedPackage r) -> !PackageVersion.looksLikeVersion(r.record().packageName()))
            .thenComparing(r -> PackageVersion.looksLikeVersion(r.record().packageName())
                    ? PackageVersion.parse(r.record().packageName()).timestamp() : "")
            .thenComparingLong(r -> r.note().noteId());

    /** The release's post-migrations that ran on production, then those that did not (they stay out of it). */
    private static String markdown(Release release, List<ReleasePostMigrations.ReleaseEntry> entries,
            DatabaseEnvironment production, int packageCount) {
        List<ReleasePostMigrations.ReleaseEntry> ran = entries.stream().filter(ReleasePostMigrations.ReleaseEntry::executedOnProduction).toList();
        List<ReleasePostMigrations.ReleaseEntry> pending = entries.stream().filter(e -> !e.executedOnProduction()).toList();
        StringBuilder md = new StringBuilder("### Post-deployment migrations in ").append(release).append("\n\n");
        md.append(count(entries.size())).append(" from ").append(packageCount).append(packageCount == 1 ? " package" : " packages")
                .append("; ");
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

    private static String line(ReleasePostMigrations.ReleaseEntry e) {
        return "- " + Markdown.code(e.path()) + " (" + Markdown.code(e.packageName())
                + PostMigrationEntry.kindText(e.database(), e.batchedBackgroundMigration()).map(kind -> ", " + kind).orElse("")
                + ")\n";
    }

    private static Optional<Release> optionalRelease(String text) {
        return blank(text) ? Optional.empty() : Optional.of(Release.parse(text));
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
