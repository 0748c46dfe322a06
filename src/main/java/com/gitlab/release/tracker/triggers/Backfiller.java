package com.gitlab.release.tracker.triggers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.packages.Baselines.Baseline;
import com.gitlab.release.tracker.packages.PackageRecorder;
import com.gitlab.release.tracker.packages.PackageTarget;
import com.gitlab.release.tracker.runs.Run;
import com.gitlab.release.tracker.runs.RunRecorder;
import com.gitlab.release.tracker.runs.Runs;
import com.gitlab.release.tracker.triggers.BackfillWindow.Job;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code /backfill}: walks an environment's successful deployments in a window ({@link BackfillWindow}), oldest
 * first, and records each package against the deployment before it (or, on a database environment, each run
 * against the run before it), a few at a time. Recording is idempotent, so a backfill can be re-run; one failing
 * package does not stop the others.
 */
@ApplicationScoped
public class Backfiller {
    private static final Logger LOG = Logger.getLogger(Backfiller.class);

    private final TrackerConfig config;
    private final GitLab gitlab;
    private final PackageRecorder recorder;
    private final Runs runs;
    private final RunRecorder runRecorder;

    public Backfiller(TrackerConfig config, GitLab gitlab, PackageRecorder recorder, Runs runs, RunRecorder runRecorder) {
        this.config = config;
        this.gitlab = gitlab;
        this.recorder = recorder;
        this.runs = runs;
        this.runRecorder = runRecorder;
    }

    public Uni<Backfill.Answer> backfill(Invocation invocation, Backfill.Request request) {
        if (request == null) {
            throw new BadInputException("empty body: send {\"environment\": \"gstg-cny\", \"since\": \"2022-02-01T00:00:00Z\"}");
        }
        String environment = Input.blank(request.environment()) ? config.baselineEnvironment() : request.environment();
        Instant now = Instant.now();
        BackfillWindow window = new BackfillWindow(BackfillWindow.bound("since", request.since(), Instant.EPOCH, now),
                BackfillWindow.bound("until", request.until(), Instant.MAX, now));
        boolean dryRun = Boolean.TRUE.equals(request.dryRun());
        String project = runs.isRunEnvironment(environment) ? runs.project() : config.baselineProjectOrSource();
        return gitlab.deployments(invocation, project, environment, "success", 100)
                .select().first(window::take)
                .collect().last()
                .chain(ignored -> {
                    List<Job> jobs = window.jobs();
                    LOG.infof("backfill %s: %d packages deployed between %s and %s", environment, jobs.size(), window.since(),
                            window.until());
                    return recordAll(invocation, jobs, environment, dryRun).map(outcomes -> summary(invocation,
                            Input.shown(environment), jobs, outcomes, window.nothingToRecord(environment, project).orElse(null)));
                });
    }

    /** What became of one package: its item, or nothing when the call had to leave it to the next one. */
    private record Outcome(Job job, Backfill.Item item) {
        boolean leftForNext() {
            return item == null;
        }
    }

    /**
     * Records the packages as a stream, {@code TRACKER_BACKFILL_CONCURRENCY} at a time, oldest first, each item's
     * outcome logged as it comes; the outcomes in the jobs' order. One package's failure is its item's, never the
     * backfill's. No package starts once the time left is short ({@link #timeIsShort}), and one cut short by the
     * deadline ({@link #margin} before it) is left for the next call: a month on GitLab.com (60 notes a minute)
     * takes several calls.
     */
    private Uni<List<Outcome>> recordAll(Invocation invocation, List<Job> jobs, String environment, boolean dryRun) {
        AtomicInteger done = new AtomicInteger();
        AtomicLong longestMillis = new AtomicLong();
        return Multi.createFrom().range(0, jobs.size())
                .onItem().transformToUni(i -> Uni.createFrom().deferred(() -> {
                    Job job = jobs.get(i);
                    if (timeIsShort(invocation, longestMillis.get())) {
                        return Uni.createFrom().item(new Outcome(job, null));
                    }
                    long start = System.nanoTime();
                    // A package still under way a moment before the deadline is given up (its GitLab requests
                    // cancelled) and left for the next call: the call answers within its deadline.
                    Duration left = Duration.ofMillis(invocation.remainingMillis() - margin());
                    return record(invocation, job, environment, dryRun)
                            .ifNoItem().after(left).recoverWithItem((Backfill.Item) null)
                            .invoke(item -> {
                                longestMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                                if (item != null) {
                                    LOG.infof("backfill %d/%d %s: %s%s", done.incrementAndGet(), jobs.size(), item.packageName(),
                                            item.status(), item.error() == null ? "" : " (" + item.error() + ")");
                                }
                            })
                            .map(item -> new Outcome(job, item));
                }).map(outcome -> Map.entry(i, outcome)))
                .merge(config.backfill().concurrency())
                .collect().asList()
                .map(outcomes -> outcomes.stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList());
    }

    /**
     * Whether too little time is left to start another package: less than twice the longest one so far, or than a
     * tenth of the deadline (at least a second) before any has finished.
     */
    private boolean timeIsShort(Invocation invocation, long longestMillis) {
        long reserve = Math.max(2 * longestMillis, Math.max(1000, config.deadline().toMillis() / 10));
        return invocation.remainingMillis() < reserve;
    }

    /** What a call keeps of its deadline to give up the packages under way and answer: 1 s, or 1/20 of it. */
    private long margin() {
        return Math.max(1000, config.deadline().toMillis() / 20);
    }

    private Uni<Backfill.Item> record(Invocation invocation, Job job, String environment, boolean dryRun) {
        CommitSha sha = new CommitSha(job.deployment().sha());
        CommitSha previousSha = new CommitSha(job.baseline().sha());
        boolean isRun = runs.isRunEnvironment(environment);
        PackageTarget target = PackageTarget.ofDeployment(job.deployment().ref(), sha);
        Long deploymentId = isRun ? job.deployment().id() : null;
        Uni<Backfill.Item> recorded = Uni.createFrom().deferred(() -> {
            if (isRun) {
                DatabaseEnvironment database = new DatabaseEnvironment(environment);
                return runRecorder.record(invocation, Run.of(job.deployment(), database), Run.of(job.baseline(), database), dryRun)
                        .map(answer -> new Backfill.Item(target.label(), deploymentId, answer.sha(), answer.previousSha(),
                                answer.executed(), answer.note().status(), answer.note().url(), null, null));
            }
            return recorder.record(invocation, target, Baseline.of(job.baseline(), environment), dryRun)
                    .map(answer -> new Backfill.Item(answer.packageName(), null, answer.sha(), answer.previousSha(),
                            answer.postMigrations(), answer.note().status(), answer.note().url(), null, answer.deployment()));
        });
        return recorded
                // Cut short by the deadline: not failed, left for the next call.
                .onFailure(Invocation.DeadlineExceededException.class).recoverWithNull()
                .onFailure(TrackerException.class).recoverWithItem(e -> new Backfill.Item(target.label(), deploymentId, sha.value(),
                        previousSha.value(), null, "failed", null, e.getMessage(), null))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "backfill of %s failed", target.label());
                    return new Backfill.Item(target.label(), deploymentId, sha.value(), previousSha.value(), null, "failed", null,
                            "internal error: " + e.getClass().getSimpleName(), null);
                });
    }

    private static Backfill.Answer summary(Invocation invocation, String environment, List<Job> jobs, List<Outcome> outcomes,
            String detail) {
        List<Backfill.Item> items = outcomes.stream().filter(o -> !o.leftForNext()).map(Outcome::item).toList();
        String next = outcomes.stream().filter(Outcome::leftForNext).findFirst()
                .map(o -> BackfillWindow.createdAt(o.job().deployment()).toString()).orElse(null);
        String progress = items.size() + " of " + jobs.size() + " packages recorded by this call, " + count(items, "failed")
                + " failed, " + invocation.throttledWaits() + " throttled waits" + (next == null ? "; complete" : "; next since " + next);
        return new Backfill.Answer(environment, items, count(items, "created"), count(items, "exists"), count(items, "none"),
                count(items, "dry-run"), count(items, "disabled"), count(items, "failed"), next == null, next, jobs.size(),
                progress, detail);
    }

    private static int count(List<Backfill.Item> items, String status) {
        return (int) items.stream().filter(i -> status.equals(i.status())).count();
    }
}
