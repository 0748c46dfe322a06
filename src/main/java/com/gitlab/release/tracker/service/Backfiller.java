package com.gitlab.release.tracker.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code /backfill}: walks an environment's successful deployments in a window, oldest first, and records each
 * package against the deployment before it, a few at a time. Recording is idempotent, so a backfill can be re-run;
 * one failing package does not stop the others.
 */
@ApplicationScoped
public class Backfiller {
    private static final Logger LOG = Logger.getLogger(Backfiller.class);
    /** Deployments read beyond the window to find the first package's baseline, at most. */
    private static final int BASELINE_LOOK_BACK = 200;

    private final TrackerConfig config;
    private final GitLab gitlab;
    private final PackageRecorder recorder;
    private final Executions executions;
    private final ExecutionRecorder executionRecorder;

    public Backfiller(TrackerConfig config, GitLab gitlab, PackageRecorder recorder, Executions executions,
            ExecutionRecorder executionRecorder) {
        this.config = config;
        this.gitlab = gitlab;
        this.recorder = recorder;
        this.executions = executions;
        this.executionRecorder = executionRecorder;
    }

    /** One package to record: its first deployment in the window and the baseline before it. */
    private record Job(GitLabDeployment deployment, GitLabDeployment baseline) {
    }

    public Uni<Backfill.Answer> backfill(Invocation invocation, Backfill.Request request) {
        if (request == null) {
            throw new BadInputException("empty body: send {\"environment\": \"gstg-cny\", \"since\": \"2022-02-01T00:00:00Z\"}");
        }
        String environment = request.environment() == null || request.environment().isBlank()
                ? config.baselineEnvironment() : request.environment();
        Instant since = instant("since", request.since(), Instant.EPOCH);
        Instant until = instant("until", request.until(), Instant.MAX);
        if (!since.isBefore(until)) {
            throw new BadInputException("since must be before until");
        }
        boolean dryRun = Boolean.TRUE.equals(request.dryRun());
        String project = executions.isExecutionEnvironment(environment) ? config.executionProject()
                : config.baselineProjectOrSource();

        return deploymentsFrom(invocation, project, environment, since, until).chain(window -> {
            List<Job> jobs = jobs(window);
            LOG.infof("backfill %s: %d packages deployed between %s and %s", environment, jobs.size(), since, until);
            return recordAll(invocation, jobs, environment, dryRun);
        }).map(items -> summary(environment, items));
    }

    /** The deployments in the window, and the older ones read to find the first package's baseline; oldest first. */
    private record Window(List<GitLabDeployment> before, List<GitLabDeployment> within) {
    }

    private Uni<Window> deploymentsFrom(Invocation invocation, String project, String environment, Instant since, Instant until) {
        WindowReader reader = new WindowReader(since, until);
        return gitlab.deployments(invocation, project, environment, "success", 100)
                .select().first(reader::take)
                .collect().last()
                .map(ignored -> reader.window());
    }

    /** Reads deployments newest first into a window; says when it has read enough. */
    private static final class WindowReader {
        private final Instant since;
        private final Instant until;
        private final List<GitLabDeployment> within = new ArrayList<>();
        private final List<GitLabDeployment> before = new ArrayList<>();
        private boolean done;

        WindowReader(Instant since, Instant until) {
            this.since = since;
            this.until = until;
        }

        /** Takes the next older deployment; false once no more are needed. */
        boolean take(GitLabDeployment d) {
            if (done) {
                return false;
            }
            Instant at = created(d);
            if (!at.isBefore(until)) {
                return true;
            }
            if (!at.isBefore(since)) {
                within.add(d);
                return true;
            }
            // Older than the window: read on only until a deployment of another commit, the first one's baseline.
            if (within.isEmpty() || before.size() >= BASELINE_LOOK_BACK) {
                done = true;
                return false;
            }
            before.add(d);
            if (d.sha() != null && !d.sha().equals(within.get(within.size() - 1).sha())) {
                done = true;
            }
            return true;
        }

        Window window() {
            List<GitLabDeployment> oldestFirstWithin = new ArrayList<>(within);
            List<GitLabDeployment> oldestFirstBefore = new ArrayList<>(before);
            Collections.reverse(oldestFirstWithin);
            Collections.reverse(oldestFirstBefore);
            return new Window(oldestFirstBefore, oldestFirstWithin);
        }
    }

    /**
     * One job per distinct commit deployed in the window, against the latest earlier deployment of another
     * commit; re-deploys of a commit are not recorded again.
     */
    private static List<Job> jobs(Window window) {
        List<Job> jobs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        GitLabDeployment previous = null;
        GitLabDeployment previousOther = null;
        List<GitLabDeployment> all = new ArrayList<>(window.before());
        all.addAll(window.within());
        for (int i = 0; i < all.size(); i++) {
            GitLabDeployment d = all.get(i);
            if (!CommitSha.isSha(d.sha())) {
                continue;
            }
            if (previous != null && !previous.sha().equals(d.sha())) {
                previousOther = previous;
            }
            if (i >= window.before().size() && seen.add(d.sha()) && previousOther != null) {
                jobs.add(new Job(d, previousOther));
            }
            previous = d;
        }
        return jobs;
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
                .merge(Math.max(1, config.backfill().concurrency()))
                .collect().asList()
                .map(items -> items.stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList());
    }

    private Uni<Backfill.Item> record(Invocation invocation, Job job, String environment, boolean dryRun) {
        CommitSha sha = new CommitSha(job.deployment().sha());
        CommitSha previousSha = new CommitSha(job.baseline().sha());
        boolean execution = executions.isExecutionEnvironment(environment);
        String label = PackageLabels.ofDeployment(job.deployment().ref(), sha).label();
        Long deploymentId = execution ? job.deployment().id() : null;
        Uni<Backfill.Item> recorded = Uni.createFrom().deferred(() -> {
            if (execution) {
                DatabaseEnvironment database = new DatabaseEnvironment(environment);
                return executionRecorder.record(invocation, Executions.Run.of(job.deployment(), database),
                        Executions.Run.of(job.baseline(), database), dryRun)
                        .map(result -> new Backfill.Item(label, deploymentId, result.sha(), result.previousSha(), result.executed(),
                                result.note().status(), result.note().url(), null));
            }
            return recorder.record(invocation, PackageLabels.ofDeployment(job.deployment().ref(), sha),
                    Baselines.of(job.baseline(), environment), null, dryRun)
                    .map(result -> new Backfill.Item(result.packageName(), null, result.sha(), result.previousSha(),
                            result.postMigrations(), result.note().status(), result.note().url(), null));
        });
        return recorded
                .onFailure(TrackerException.class).recoverWithItem(e -> new Backfill.Item(label, deploymentId, sha.value(),
                        previousSha.value(), null, "failed", null, e.getMessage()))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "backfill of %s failed", label);
                    return new Backfill.Item(label, deploymentId, sha.value(), previousSha.value(), null, "failed", null,
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

    private static Instant created(GitLabDeployment d) {
        String at = d.createdAt() != null ? d.createdAt() : d.updatedAt();
        try {
            return at == null ? Instant.EPOCH : OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static Instant instant(String field, String text, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String trimmed = text.trim();
        try {
            if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
                // A duration back from now, for schedules: "PT6H" is six hours ago.
                return Instant.now().minus(java.time.Duration.parse(trimmed));
            }
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException(field + ": '" + text + "' is neither an ISO-8601 time such as 2022-02-01T00:00:00Z"
                    + " nor a duration back from now such as PT6H");
        }
    }
}
