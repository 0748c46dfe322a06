package com.gitlab.release.tracker.queries;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.migrations.MigrationQuery;
import com.gitlab.release.tracker.domain.migrations.PostMigrationRule;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.Release;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.MigrationKinds;
import com.gitlab.release.tracker.notes.NoteHistory;
import com.gitlab.release.tracker.notes.NoteHistory.RecordedPackage;
import com.gitlab.release.tracker.notes.NoteIssue;
import com.gitlab.release.tracker.notes.ReleaseIssues;
import com.gitlab.release.tracker.runs.Run;
import com.gitlab.release.tracker.runs.Runs;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /which-package}: which package introduced a post-migration, and has it run on each database? The
 * issues' notes (every page at once) and the last run on each database are read side by side; then, for each hit,
 * whether the file is at each run's commit and what it does.
 */
@ApplicationScoped
public class WhichPackage {

    @RegisterForReflection
    public record Request(String migration, String release) {
    }

    /**
     * {@code unread}: the issues whose notes were not all read ({@code TRACKER_NOTE_PAGES}); left out when none.
     * {@code candidates}: when a fragment of a name matches several post-migrations, their file names (at most
     * {@value #MAX_CANDIDATES}), and {@code found} is empty: ask again for one of them; {@code matches}: how many match.
     */
    @RegisterForReflection
    public record Answer(String migration, List<Found> found, String text,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unread,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> candidates, int matches) {
    }

    /** The candidates listed for a fragment that matches several post-migrations. */
    public static final int MAX_CANDIDATES = 20;

    /**
     * A package note naming the migration. {@code executedOn}: per database environment, whether the file exists at
     * that database's last post-deploy migration run (false when there is no run on record); {@code executedAt}:
     * per database environment, when a run note says it ran.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Found(String path, @JsonProperty("package") String packageName, String release, String issueUrl,
            String noteUrl, String database, String batchedBackgroundMigration, String rollbackRisk, List<String> operations,
            MergeRequest mergeRequest, Map<String, Boolean> executedOn, Map<String, String> executedAt) {
    }

    private final TrackerConfig config;
    private final ReleaseIssues issues;
    private final NoteHistory history;
    private final MigrationKinds kinds;
    private final Runs runs;
    private final GitLab gitlab;

    public WhichPackage(TrackerConfig config, ReleaseIssues issues, NoteHistory history, MigrationKinds kinds, Runs runs,
            GitLab gitlab) {
        this.config = config;
        this.issues = issues;
        this.history = history;
        this.kinds = kinds;
        this.runs = runs;
        this.gitlab = gitlab;
    }

    public Uni<Answer> answer(Invocation invocation, Request request) {
        if (request == null) {
            throw new BadInputException("empty body: send {\"migration\": \"20220201173212\"}");
        }
        MigrationQuery query = MigrationQuery.parse(request.migration());
        Optional<Release> release = Input.blank(request.release()) ? Optional.empty()
                : Optional.of(Release.parse(request.release()));
        Uni<List<NoteIssue>> searched = release.map(r -> issues.forRelease(invocation, r).map(List::of))
                .orElseGet(() -> issues.recent(invocation, config.queryReleases()));
        NoteHistory.Reading reading = history.start(invocation, history.withTracking(invocation, searched));
        return Concurrently.all(reading.issues(), reading.history(), runs.latestOnEach(invocation)).chain(read -> {
            List<NoteIssue> all = read.getItem1();
            NoteHistory.History recorded = read.getItem2();
            Map<DatabaseEnvironment, Optional<Run>> lastRuns = read.getItem3();
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
                throw new NotFoundException("migration " + Input.shown(query.text()) + " is in no package note on "
                        + all.stream().map(i -> i.title() + " (" + i.project() + "#" + i.iid() + ")").collect(Collectors.joining(", "))
                        + (release.isEmpty() ? "; pass 'release' to look at an older release" : "") + recorded.unreadSentence());
            }
            List<String> candidates = found.keySet().stream().map(key -> PostMigrationRule.fileName(pathOf(key)))
                    .distinct().sorted().toList();
            if (query.mayMatchSeveral() && candidates.size() > 1) {
                List<String> listed = candidates.subList(0, Math.min(MAX_CANDIDATES, candidates.size()));
                return Uni.createFrom().item(new Answer(Input.shown(request.migration()), List.of(), candidates.size()
                        + " post-migrations match '" + Input.shown(query.text()) + "': " + String.join(", ", listed)
                        + (candidates.size() > listed.size() ? " and " + (candidates.size() - listed.size()) + " more" : "")
                        + ". Ask for one of them (its version is enough)." + recorded.unreadSentence(), recorded.unread(), listed,
                        candidates.size()));
            }
            return Concurrently.all(found.entrySet().stream().map(hit -> {
                String path = pathOf(hit.getKey());
                return found(invocation, path, hit.getValue(), lastRuns, recorded);
            }).toList(), gitlab.concurrency()).map(answers -> new Answer(Input.shown(request.migration()), answers,
                    answers.stream().map(WhichPackage::sentence).collect(Collectors.joining("; ")) + recorded.unreadSentence(),
                    recorded.unread(), List.of(), (int) found.keySet().stream().map(WhichPackage::pathOf)
                            .distinct().count()));
        }).onTermination().invoke(reading::cancel);
    }

    /** The path of a hit's key ({@code "<package> <path>"}: a package version holds no space). */
    private static String pathOf(String key) {
        return key.substring(key.indexOf(' ') + 1);
    }

    private Uni<Found> found(Invocation invocation, String path, RecordedPackage note,
            Map<DatabaseEnvironment, Optional<Run>> lastRuns, NoteHistory.History recorded) {
        List<DatabaseEnvironment> environments = List.copyOf(lastRuns.keySet());
        Uni<List<Boolean>> ran = Concurrently.all(environments.stream()
                .map(environment -> runs.hasRun(invocation, path, lastRuns.get(environment))).toList(), gitlab.concurrency());
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
            return new Found(path, note.record().packageName(),
                    note.record().releaseOrFromVersion().map(Release::toString).orElse(null), note.issue().webUrl(),
                    note.noteUrl(), kind.map(k -> k.database().value()).orElse(null),
                    kind.flatMap(MigrationKind::batchedBackgroundMigration).map(MigrationKind.BatchedMigrationStep::value).orElse(null),
                    kind.map(k -> k.rollbackRisk().value()).orElse(null), kind.map(MigrationKind::operations).orElse(null),
                    note.record().mergeRequests().get(path), executedOn, executedAt);
        });
    }

    private static String sentence(Found f) {
        String ran = f.executedOn().entrySet().stream()
                .map(e -> (e.getValue() ? "ran on " : "not yet run on ") + e.getKey())
                .collect(Collectors.joining(", "));
        return PostMigrationRule.fileName(f.path()) + " came with " + f.packageName()
                + (f.release() == null ? "" : " (" + f.release() + ")")
                + (f.mergeRequest() == null ? "" : " from " + f.mergeRequest().describe())
                + (ran.isEmpty() ? "" : ", " + ran) + ": " + f.noteUrl();
    }
}
