package com.gitlab.release.tracker.queries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.migrations.RollbackImpact;
import com.gitlab.release.tracker.domain.migrations.RollbackVerdict;
import com.gitlab.release.tracker.domain.rollback.HorizonMove;
import com.gitlab.release.tracker.domain.rollback.TargetCode;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.MigrationKinds;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.migrations.PostMigrationFinder;
import com.gitlab.release.tracker.notes.NoteHistory;
import com.gitlab.release.tracker.queries.DeployedCommits.Named;
import com.gitlab.release.tracker.runs.Run;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /rollback-targets}: how far back can an environment go? The last {@value #TARGETS} packages deployed
 * to it before the current one, newest first, each with the strict verdict ({@link RollbackVerdict}) and what
 * rolling back to it would break ({@link RollbackImpact}), and the point of no return: the newest one the strict
 * rule refuses. Packages are deployed in build order, so each target's post-migrations come from the compares of
 * consecutive packages (small, side by side), not one large compare per target; the post-migrations executed
 * beyond a target are those between it and the package the last post-deploy migration run ran at.
 */
@ApplicationScoped
public class RollbackTargets {

    /** Packages before the current one that the answer judges. */
    static final int TARGETS = 20;

    /** {@code environment}: {@code gprd} (the default), {@code gstg}, ... */
    @RegisterForReflection
    public record Request(String environment) {
    }

    /**
     * One package the environment could go back to: the strict verdict, the risk (judged by the target's own code:
     * {@code targetCode}), the post-migrations behind them, and who to page for those that make it breaking or review.
     */
    @RegisterForReflection
    public record Target(@JsonProperty("package") String packageName, boolean safe, String risk,
            List<PostMigrationEntry> postMigrations,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TargetCode.Verdict> targetCode,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RollbackReport.Page> whoToPage) {
    }

    /**
     * {@code targets}: newest first; {@code pointOfNoReturn}: the newest target the strict rule refuses (null when it
     * refuses none); {@code breakingPoint}: the newest target whose own code would break on what ran beyond it (null
     * when none would); {@code safeTargets}: how many the strict rule allows; {@code compatibleTargets}: how many come
     * before the breaking point.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String environment, String current, String executedSha, String executedAt,
            boolean deploymentInProgress, List<Target> targets, String pointOfNoReturn, String breakingPoint, int safeTargets,
            int compatibleTargets, String text, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unread) {
    }

    private final PostMigrationFinder finder;
    private final MigrationKinds kinds;
    private final GitLab gitlab;
    private final TargetCodeReader targetCode;
    private final EnvironmentFacts environments;

    public RollbackTargets(PostMigrationFinder finder, MigrationKinds kinds,
            GitLab gitlab, TargetCodeReader targetCode, EnvironmentFacts environments) {
        this.targetCode = targetCode;
        this.environments = environments;
        this.finder = finder;
        this.kinds = kinds;
        this.gitlab = gitlab;
    }

    public Uni<Answer> answer(Invocation invocation, Request request) {
        Stage stage = Stage.of(request == null || Input.blank(request.environment()) ? "gprd" : request.environment());
        EnvironmentFacts.Reading facts = environments.of(invocation, stage, null);
        NoteHistory.Reading notes = facts.notes();
        return Concurrently.all(facts.recent(TARGETS + 1), facts.lastRun(), facts.inProgress()).chain(read -> {
                    List<Named> packages = read.getItem1();
                    if (packages.isEmpty()) {
                        throw new NotFoundException("no successful deployment on " + stage.environment() + ": nothing to roll back");
                    }
                    return judged(invocation, stage, packages, read.getItem2(), read.getItem3(), notes);
                }).onTermination().invoke(facts::cancel);
    }

    /**
     * How a run executing up to {@code next} would move the horizon: the same targets judged after the {@code last}
     * run and after {@code next} (both side by side: each is its own compares), a deployment or run in progress not
     * weighed; no move when the environment ran no package before.
     */
    Uni<HorizonMove> move(Invocation invocation, Stage stage, EnvironmentFacts.Reading facts, Run last, Run next) {
        return facts.recent(TARGETS + 1).chain(packages -> {
            if (packages.size() < 2) {
                return Uni.createFrom().item(HorizonMove.between(List.of(), List.of()));
            }
            return Concurrently.both(judged(invocation, stage, packages, Optional.of(last), false, facts.notes()),
                    judged(invocation, stage, packages, Optional.of(next), false, facts.notes()),
                    (now, after) -> HorizonMove.between(judgedTargets(now), judgedTargets(after)));
        });
    }

    private static List<HorizonMove.Judged> judgedTargets(Answer answer) {
        return answer.targets().stream().map(t -> new HorizonMove.Judged(t.packageName(), t.safe(),
                RollbackImpact.BREAKING.value().equals(t.risk()))).toList();
    }

    /** Each target judged, from the compares of consecutive packages (and, for a run outside them, against the run). */
    private Uni<Answer> judged(Invocation invocation, Stage stage, List<Named> packages, Optional<Run> run, boolean inProgress,
            NoteHistory.Reading notes) {
        // intervals.get(i): the post-migrations packages.get(i) has and packages.get(i + 1), deployed before it, has not.
        Uni<List<SortedSet<String>>> intervals = Concurrently.shared(Concurrently.all(java.util.stream.IntStream
                .range(0, packages.size() - 1)
                .mapToObj(i -> finder.introduced(invocation, packages.get(i + 1).sha(), packages.get(i).sha())
                        .map(PostMigrationFinder.Introduced::postMigrations)).toList(), gitlab.concurrency()));
        int runAt = run.map(r -> indexOf(packages, r)).orElse(-1);
        Uni<List<Optional<SortedSet<String>>>> executedBeyond = intervals.chain(between -> {
            if (run.isEmpty()) {
                return Uni.createFrom().item(java.util.Collections.nCopies(packages.size(), Optional.<SortedSet<String>>empty()));
            }
            if (runAt >= 0) {
                List<Optional<SortedSet<String>>> executed = new ArrayList<>();
                for (int k = 0; k < packages.size(); k++) {
                    executed.add(Optional.of(k <= runAt ? new TreeSet<>() : union(between, runAt, k)));
                }
                return Uni.createFrom().item(executed);
            }
            // The run's commit is none of these packages: compare each target with it, as rollback-check does.
            return Concurrently.all(packages.stream().map(target -> finder.introduced(invocation, target.sha(), run.get().sha())
                    .map(found -> Optional.of(found.postMigrations()))).toList(), gitlab.concurrency());
        });
        return Concurrently.both(intervals, executedBeyond).chain(compared -> {
            List<RollbackVerdict> verdicts = new ArrayList<>();
            SortedSet<String> blocking = new TreeSet<>();
            for (int k = 1; k < packages.size(); k++) {
                RollbackVerdict verdict = RollbackVerdict.judge(stage.database(), union(compared.getItem1(), 0, k),
                        compared.getItem2().get(k), inProgress);
                verdicts.add(verdict);
                blocking.addAll(verdict.blocking());
            }
            return Concurrently.both(notes.neededFor(blocking), kindsOf(invocation, blocking, run, packages.get(0)))
                    .chain(read -> reported(invocation, stage, packages, run, inProgress, verdicts, read.getItem1(), read.getItem2()));
        });
    }

    /** The kinds of the post-migrations that block, read at the run's commit, where every one of them is. */
    private Uni<Map<String, MigrationKind>> kindsOf(Invocation invocation, SortedSet<String> blocking, Optional<Run> run,
            Named current) {
        return kinds.of(invocation, blocking, run.map(Run::sha).orElse(current.sha()));
    }

    /**
     * Each target judged by its own code (the files one call reads are shared: a model read for one target is read
     * again only at another commit), side by side.
     */
    private Uni<Answer> reported(Invocation invocation, Stage stage, List<Named> packages, Optional<Run> run, boolean inProgress,
            List<RollbackVerdict> verdicts, NoteHistory.History recorded, Map<String, MigrationKind> kindOf) {
        TargetCodeReader.Files files = targetCode.files(invocation);
        List<List<PostMigrationEntry>> entries = new ArrayList<>();
        List<Uni<RollbackReport>> reports = new ArrayList<>();
        for (int k = 1; k < packages.size(); k++) {
            List<PostMigrationEntry> beyond = PostMigrationEntry.all(verdicts.get(k - 1).blocking(), recorded.introductions(), kindOf,
                    recorded.recordedRisks());
            entries.add(beyond);
            reports.add(targetCode.judge(files, packages.get(k).sha(), beyond).map(judged -> RollbackReport.of(beyond, judged)));
        }
        return Concurrently.all(reports, gitlab.concurrency())
                .map(judged -> answer(stage, packages, run, inProgress, verdicts, entries, judged, recorded));
    }

    private Answer answer(Stage stage, List<Named> packages, Optional<Run> run, boolean inProgress, List<RollbackVerdict> verdicts,
            List<List<PostMigrationEntry>> entries, List<RollbackReport> reports, NoteHistory.History recorded) {
        List<Target> targets = new ArrayList<>();
        String pointOfNoReturn = null;
        String breakingPoint = null;
        String oldestSafe = null;
        String pointRisk = "";
        String breakingRisk = "";
        int safe = 0;
        int compatible = 0;
        for (int k = 1; k < packages.size(); k++) {
            RollbackVerdict verdict = verdicts.get(k - 1);
            RollbackReport report = reports.get(k - 1);
            targets.add(new Target(packages.get(k).label(), verdict.safe(), report.impact().value(), entries.get(k - 1),
                    report.targetCode(), report.whoToPage()));
            if (verdict.safe()) {
                safe++;
                oldestSafe = pointOfNoReturn == null ? packages.get(k).label() : oldestSafe;
            } else if (pointOfNoReturn == null) {
                pointOfNoReturn = packages.get(k).label();
                pointRisk = report.sentence();
            }
            if (breakingPoint == null && report.impact() == RollbackImpact.BREAKING) {
                breakingPoint = packages.get(k).label();
                breakingRisk = report.sentence();
            } else if (breakingPoint == null) {
                compatible++;
            }
        }
        return new Answer(stage.environment(), packages.get(0).label(), run.map(r -> r.sha().value()).orElse(null),
                run.flatMap(Run::at).map(Instant::toString).orElse(null), inProgress, targets, pointOfNoReturn, breakingPoint, safe,
                compatible, text(stage, packages.get(0), targets, pointOfNoReturn, oldestSafe, safe, inProgress, pointRisk)
                        + breakingText(pointOfNoReturn, breakingPoint, compatible, breakingRisk) + recorded.unreadSentence(),
                recorded.unread());
    }

    /** The breaking point beside the strict one, when it says more. */
    private static String breakingText(String pointOfNoReturn, String breakingPoint, int compatible, String breakingRisk) {
        if (pointOfNoReturn == null) {
            return "";
        }
        if (breakingPoint == null) {
            return " Judged by each target's own code, none of them would break on what ran beyond it.";
        }
        if (breakingPoint.equals(pointOfNoReturn)) {
            return "";
        }
        return " Judged by each target's own code, the breaking point is " + breakingPoint + " (" + compatible
                + (compatible == 1 ? " package" : " packages") + " before it are compatible):" + breakingRisk;
    }

    private static String text(Stage stage, Named current, List<Target> targets, String pointOfNoReturn, String oldestSafe,
            int safe, boolean inProgress, String pointRisk) {
        if (targets.isEmpty()) {
            return stage.environment() + " runs " + current.label() + ", and no earlier package is on record there.";
        }
        StringBuilder text = new StringBuilder(stage.environment()).append(" runs ").append(current.label()).append(". Of the ")
                .append(targets.size()).append(targets.size() == 1 ? " package" : " packages").append(" before it, ").append(safe)
                .append(safe == 1 ? " is" : " are").append(" safe to roll back to");
        if (oldestSafe != null) {
            text.append(", back to ").append(oldestSafe);
        }
        text.append('.');
        if (inProgress) {
            text.append(" A deployment or a post-deploy migration run is in progress: no rollback now.");
        } else if (pointOfNoReturn != null) {
            Target point = targets.stream().filter(t -> t.packageName().equals(pointOfNoReturn)).findFirst().orElseThrow();
            text.append(" The point of no return is ").append(pointOfNoReturn).append(": ")
                    .append(PostMigrationEntry.count(point.postMigrations().size())).append(" executed beyond it; risk ")
                    .append(point.risk()).append('.').append(pointRisk);
        }
        return text.toString();
    }

    /** Where the run's commit is among the packages, newest first; -1 when it is none of them. */
    private static int indexOf(List<Named> packages, Run run) {
        for (int i = 0; i < packages.size(); i++) {
            if (packages.get(i).sha().sameCommit(run.sha())) {
                return i;
            }
        }
        return -1;
    }

    /** The post-migrations of the intervals from package {@code newer} (inclusive) to package {@code older}. */
    private static SortedSet<String> union(List<SortedSet<String>> intervals, int newer, int older) {
        SortedSet<String> all = new TreeSet<>();
        for (int i = newer; i < older; i++) {
            all.addAll(intervals.get(i));
        }
        return all;
    }
}
