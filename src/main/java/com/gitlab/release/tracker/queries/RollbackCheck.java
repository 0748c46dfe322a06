package com.gitlab.release.tracker.queries;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.migrations.RollbackImpact;
import com.gitlab.release.tracker.domain.migrations.RollbackVerdict;
import com.gitlab.release.tracker.domain.notes.Introduction;
import com.gitlab.release.tracker.domain.rollback.TargetCode;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.NamedCommit;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.domain.releases.UtcTime;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.MigrationKinds;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.migrations.PostMigrationFinder;
import com.gitlab.release.tracker.notes.NoteHistory;
import com.gitlab.release.tracker.notes.NoteIssue;
import com.gitlab.release.tracker.notes.ReleaseIssues;
import com.gitlab.release.tracker.queries.DeployedCommits.Named;
import com.gitlab.release.tracker.runs.Run;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /rollback-check}: can an environment go back from {@code current} to {@code target}? With an
 * environment, by the post-migrations that have run on its database ({@link RollbackVerdict}: the point of no
 * return); without one, by the post-migrations introduced between the two packages.
 */
@ApplicationScoped
public class RollbackCheck {

    @RegisterForReflection
    public record Request(String current, String target, String environment) {
    }

    /**
     * {@code postMigrations}: what makes the rollback unsafe (introduced since target; with an environment, executed
     * and absent from target). {@code risk}: what rolling back would break ({@link RollbackImpact}: {@code none},
     * {@code compatible}, {@code review}, {@code breaking}), from the rollback risk of each of them;
     * {@code riskPostMigrations}: those it comes from. The fields from {@code environment} on are set only with an
     * environment.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(boolean safe, String current, String target, List<PostMigrationEntry> postMigrations,
            String risk, List<String> riskPostMigrations,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TargetCode.Verdict> targetCode,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RollbackReport.Page> whoToPage, String text, String environment,
            String reason, String executedSha, String executedAt, Boolean deploymentInProgress, List<PostMigrationEntry> pendingDropped,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unread) {

        static Answer byPackages(boolean safe, String current, String target, List<PostMigrationEntry> postMigrations,
                RollbackReport report, String text, List<String> unread) {
            return new Answer(safe, current, target, postMigrations, report.impact().value(), report.causes(), report.targetCode(),
                    report.whoToPage(), text + report.sentence(), null, null, null, null, null, null, unread);
        }
    }

    private final TrackerConfig config;
    private final ReleaseIssues issues;
    private final NoteHistory history;
    private final PostMigrationFinder finder;
    private final MigrationKinds kinds;
    private final DeployedCommits commits;
    private final GitLab gitlab;
    private final TargetCodeReader targetCode;
    private final EnvironmentFacts environments;

    public RollbackCheck(TrackerConfig config, ReleaseIssues issues, NoteHistory history, PostMigrationFinder finder,
            MigrationKinds kinds, DeployedCommits commits, GitLab gitlab, TargetCodeReader targetCode,
            EnvironmentFacts environments) {
        this.targetCode = targetCode;
        this.environments = environments;
        this.config = config;
        this.issues = issues;
        this.history = history;
        this.finder = finder;
        this.kinds = kinds;
        this.commits = commits;
        this.gitlab = gitlab;
    }

    public Uni<Answer> answer(Invocation invocation, Request request) {
        if (request != null && !Input.blank(request.environment())) {
            return byRuns(invocation, request);
        }
        if (request == null || Input.blank(request.current()) || Input.blank(request.target())) {
            throw new BadInputException("name both packages: {\"current\": \"<package or sha>\", \"target\": \"<package or sha>\"}"
                    + ", or an environment: {\"environment\": \"gprd\", \"target\": \"<package or sha>\"}");
        }
        return byPackages(invocation, request);
    }

    /**
     * Judged by what has run on the environment's database. Everything it needs is read at once: the deployed
     * package, whether a deployment runs, the last run, the notes; then both compares side by side.
     */
    private Uni<Answer> byRuns(Invocation invocation, Request request) {
        if (Input.blank(request.target())) {
            throw new BadInputException("name the target: {\"environment\": \"gprd\", \"target\": \"<package or sha>\"}");
        }
        Stage stage = Stage.of(request.environment());
        Named target = Named.given("target", request.target());
        EnvironmentFacts.Reading facts = environments.of(invocation, stage, request.current());
        // Only a package the environment ran is a target (unless the caller names current too: a what-if), checked
        // beside the other reads.
        Uni<Named> deployedUni = Input.blank(request.current()) ? commits.deployedTarget(invocation, stage, target)
                : Uni.createFrom().item(target);
        NoteHistory.Reading notes = facts.notes();
        return Concurrently.both(Concurrently.all(facts.current(), facts.inProgress(), facts.lastRun()), deployedUni).chain(all -> {
            var read = all.getItem1();
            Named current = read.getItem1();
            boolean inProgress = read.getItem2();
            Optional<Run> run = read.getItem3();
            if (target.sha().sameCommit(current.sha())) {
                return Uni.createFrom().item(new Answer(true, current.label(), target.label(), List.of(), RollbackImpact.NONE.value(),
                        List.of(), List.of(), List.of(), stage.environment() + " runs " + current.label() + " already: there is"
                                + " nothing to roll back. Name an earlier package (rollback-targets lists them).",
                        stage.environment(), "the current package", null, null, inProgress, List.of(), List.of()));
            }
            checkOrder(current.label(), current.version(), target.label(), target.version());
            Uni<SortedSet<String>> sinceTargetUni = target.sha().sameCommit(current.sha()) ? Uni.createFrom().item(new TreeSet<>())
                    : finder.introduced(invocation, target.sha(), current.sha()).map(PostMigrationFinder.Introduced::postMigrations);
            Uni<Optional<SortedSet<String>>> executedUni = run.isEmpty() ? Uni.createFrom().item(Optional.empty())
                    : finder.introduced(invocation, target.sha(), run.get().sha()).map(i -> Optional.of(i.postMigrations()));
            return Concurrently.both(sinceTargetUni, executedUni).chain(compared -> {
                RollbackVerdict verdict = RollbackVerdict.judge(stage.database(), compared.getItem1(), compared.getItem2(), inProgress);
                return described(invocation, verdict, stage, current, target, run, inProgress, notes);
            });
        }).onTermination().invoke(facts::cancel);
    }

    /** The verdict with each post-migration's package (from the notes) and kind (read at the commit that has it). */
    private Uni<Answer> described(Invocation invocation, RollbackVerdict verdict, Stage stage, Named current, Named target,
            Optional<Run> run, boolean inProgress, NoteHistory.Reading notes) {
        Set<String> named = new TreeSet<>(verdict.blocking());
        named.addAll(verdict.pendingDropped());
        Uni<Map<String, MigrationKind>> kindsUni = Concurrently.both(
                kinds.of(invocation, verdict.blocking(), run.map(Run::sha).orElse(current.sha())),
                kinds.of(invocation, verdict.pendingDropped(), current.sha()), (ofBlocking, ofDropped) -> {
                    Map<String, MigrationKind> all = new HashMap<>(ofBlocking);
                    all.putAll(ofDropped);
                    return all;
                });
        return Concurrently.both(notes.neededFor(named), kindsUni).chain(read -> {
            NoteHistory.History recorded = read.getItem1();
            Map<String, MigrationKind> kindOf = read.getItem2();
            List<PostMigrationEntry> blocking = PostMigrationEntry.all(verdict.blocking(), recorded.introductions(), kindOf,
                    recorded.recordedRisks());
            List<PostMigrationEntry> dropped = PostMigrationEntry.all(verdict.pendingDropped(), recorded.introductions(), kindOf,
                    recorded.recordedRisks());
            return targetCode.judge(targetCode.files(invocation), target.sha(), blocking).map(verdicts -> {
                RollbackReport report = RollbackReport.of(blocking, verdicts);
                return new Answer(verdict.safe(), current.label(), target.label(), blocking, report.impact().value(), report.causes(),
                        report.targetCode(), report.whoToPage(),
                        text(verdict.safe(), stage, current, target, run, blocking, dropped, inProgress) + report.sentence()
                                + recorded.unreadSentence(),
                        stage.environment(), verdict.reason(), run.map(r -> r.sha().value()).orElse(null),
                        run.flatMap(Run::at).map(Instant::toString).orElse(null), inProgress, dropped, recorded.unread());
            });
        });
    }

    private static String text(boolean safe, Stage stage, Named current, Named target, Optional<Run> run,
            List<PostMigrationEntry> blocking, List<PostMigrationEntry> dropped, boolean inProgress) {
        String lastRun = run.map(r -> " (last run " + r.at().map(UtcTime::human).orElse(r.sha().shortSha()) + ")").orElse("");
        DatabaseEnvironment database = stage.database();
        StringBuilder text = new StringBuilder();
        if (safe) {
            text.append("Safe to roll ").append(stage.environment()).append(" back from ").append(current.label())
                    .append(" to ").append(target.label()).append(": ")
                    .append(run.isPresent() ? "every post-deployment migration executed on " + database + lastRun
                            + " is in " + target.label() + "." : "no post-deployment migration was introduced since "
                            + target.label() + " (no post-deploy migration run on record for " + database + ").");
        } else {
            text.append("NOT safe to roll ").append(stage.environment()).append(" back to ").append(target.label()).append(':');
            if (!blocking.isEmpty()) {
                text.append(' ').append(PostMigrationEntry.count(blocking.size()))
                        .append(run.isPresent() ? " executed on " + database + lastRun + " are not in " + target.label()
                                : " introduced since " + target.label() + " (no post-deploy migration run on record for "
                                        + database + ")")
                        .append(": ").append(PostMigrationEntry.describe(blocking)).append('.');
            }
            if (inProgress) {
                text.append(" A deployment to ").append(stage.environment()).append(" or a post-deploy migration run on ")
                        .append(database).append(" is in progress.");
            }
        }
        if (!dropped.isEmpty()) {
            text.append(' ').append(PostMigrationEntry.count(dropped.size()))
                    .append(" deployed but not executed would simply not run: ").append(PostMigrationEntry.describe(dropped)).append('.');
        }
        return text.toString();
    }

    /** Judged by the post-migrations introduced between the two packages. */
    private Uni<Answer> byPackages(Invocation invocation, Request request) {
        NamedCommit current = NamedCommit.parse("current", request.current());
        NamedCommit target = NamedCommit.parse("target", request.target());
        checkOrder(request.current(), current.version(), request.target(), target.version());
        if (target.sha().sameCommit(current.sha())) {
            return Uni.createFrom().item(Answer.byPackages(true, request.current(), request.target(), List.of(),
                    RollbackReport.of(List.of(), Map.of()), "Safe: " + request.target() + " is the same commit as " + request.current()
                            + ".", List.of()));
        }
        return finder.introduced(invocation, target.sha(), current.sha()).chain(found -> {
            Uni<Void> ordered = found.postMigrations().isEmpty()
                    ? checkNotNewerBySha(invocation, request.current(), current, request.target(), target)
                    : Uni.createFrom().voidItem();
            return ordered.chain(() -> Concurrently.both(recorded(invocation, current, target),
                    kinds.of(invocation, found.postMigrations(), current.sha())).chain(read -> {
                        NoteHistory.History recorded = read.getItem1();
                        List<PostMigrationEntry> between = PostMigrationEntry.all(found.postMigrations(), recorded.introductions(),
                                read.getItem2(), recorded.recordedRisks());
                        boolean safe = between.isEmpty();
                        String text = safe
                                ? "Safe: no post-deployment migration was introduced between " + request.target() + " and " + request.current() + "."
                                : "NOT safe to roll back from " + request.current() + " to " + request.target() + ": "
                                        + PostMigrationEntry.count(between.size()) + " introduced since: " + PostMigrationEntry.describe(between);
                        return targetCode.judge(targetCode.files(invocation), target.sha(), between).map(verdicts -> Answer.byPackages(
                                safe, request.current(), request.target(), between, RollbackReport.of(between, verdicts),
                                text + recorded.unreadSentence(), recorded.unread()));
                    }));
        });
    }

    /** A rollback goes to an older package: refuses a target whose version was built after current's. */
    private static void checkOrder(String currentText, Optional<PackageVersion> current, String targetText,
            Optional<PackageVersion> target) {
        if (current.isPresent() && target.isPresent() && target.get().timestamp().compareTo(current.get().timestamp()) > 0) {
            throw targetIsNewer(currentText, targetText);
        }
    }

    /** For SHAs, asks GitLab's compare whether target has commits current lacks, and not the other way round. */
    private Uni<Void> checkNotNewerBySha(Invocation invocation, String currentText, NamedCommit current, String targetText,
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

    private static BadInputException targetIsNewer(String current, String target) {
        return new BadInputException("target " + Input.shown(target) + " is newer than current " + Input.shown(current)
                + ": a rollback goes to an older package; swap them?");
    }

    /** The notes of the packages' releases (else recent ones): how each post-migration came. */
    private Uni<NoteHistory.History> recorded(Invocation invocation, NamedCommit current, NamedCommit target) {
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
        return NoteHistory.read(history.start(invocation, history.withTracking(invocation, searched)));
    }
}
