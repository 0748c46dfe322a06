package com.gitlab.release.tracker.triggers;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.TrackerException;
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
                    return recordAll(invocation, jobs, environment, dryRun);
                }).map(items -> summary(environment, items));
    }

    /**
     * Records the packages as a stream, {@code TRACKER_BACKFILL_CONCURRENCY} at a time, each item's outcome logged as
     * it comes; the items in the jobs' order. One package's failure is its item's, never the backfill's.
     */
    private Uni<List<Backfill.Item>> recordAll(Invocation invocation, List<Job> jobs, String environment, boolean dryRun) {
        AtomicInteger done = new AtomicInteger();
        return Multi.createFrom().range(0, jobs.size())
                .onItem().transformToUni(i -> record(invocation, jobs.get(i), environment, dryRun)
                        .invoke(item -> LOG.infof("backfill %d/%d %s: %s%s", done.incrementAndGet(), jobs.size(), item.packageName(),
                                item.status(), item.error() == null ? "" : " (" + item.error() + ")"))
                        .map(item -> Map.entry(i, item)))
                .merge(config.backfill().concurrency())
                .collect().asList()
                .map(items -> items.stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList());
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
                                answer.executed(), answer.note().status(), answer.note().url(), null));
            }
            return recorder.record(invocation, target, Baseline.of(job.baseline(), environment), dryRun)
                    .map(answer -> new Backfill.Item(answer.packageName(), null, answer.sha(), answer.previousSha(),
                            answer.postMigrations(), answer.note().status(), answer.note().url(), null));
        });
        return recorded
                .onFailure(TrackerException.class).recoverWithItem(e -> new Backfill.Item(target.label(), deploymentId, sha.value(),
                        previousSha.value(), null, "failed", null, e.getMessage()))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "backfill of %s failed", target.label());
                    return new Backfill.Item(target.label(), deploymentId, sha.value(), previousSha.value(), null, "failed", null,
                            "internal error: " + e.getClass().getSimpleName());
                });
    }

    private static Backfill.Answer summary(String environment, List<Backfill.Item> items) {
        return new Backfill.Answer(environment, items, count(items, "created"), count(items, "exists"), count(items, "none"),
                count(items, "dry-run"), count(items, "disabled"), count(items, "failed"));
    }

    private static int count(List<Backfill.Item> items, String status) {
        return (int) items.stream().filter(i -> status.equals(i.status())).count();
    }
}
