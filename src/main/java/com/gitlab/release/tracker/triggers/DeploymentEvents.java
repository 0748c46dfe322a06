package com.gitlab.release.tracker.triggers;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.notices.RunNotices;
import com.gitlab.release.tracker.packages.Baselines;
import com.gitlab.release.tracker.packages.PackageRecorder;
import com.gitlab.release.tracker.packages.PackageTarget;
import com.gitlab.release.tracker.packages.PackagesEnvironment;
import com.gitlab.release.tracker.runs.Run;
import com.gitlab.release.tracker.runs.RunRecorder;
import com.gitlab.release.tracker.runs.Runs;

import io.smallrye.mutiny.Uni;

/**
 * {@code /deployment-event}: a GitLab Deployment webhook on a tracked environment records its package; one on a
 * database environment ({@code db/gprd}) records what the post-deploy migration run executed.
 */
@ApplicationScoped
public class DeploymentEvents {

    private final TrackerConfig config;
    private final GitLab gitlab;
    private final Baselines baselines;
    private final PackageRecorder recorder;
    private final Runs runs;
    private final RunRecorder runRecorder;
    private final PackagesEnvironment packagesEnvironment;
    private final RunNotices notices;

    public DeploymentEvents(TrackerConfig config, GitLab gitlab, Baselines baselines, PackageRecorder recorder,
            Runs runs, RunRecorder runRecorder, PackagesEnvironment packagesEnvironment, RunNotices notices) {
        this.notices = notices;
        this.packagesEnvironment = packagesEnvironment;
        this.config = config;
        this.gitlab = gitlab;
        this.baselines = baselines;
        this.recorder = recorder;
        this.runs = runs;
        this.runRecorder = runRecorder;
    }

    public Uni<DeploymentEvent.Answer> handle(Invocation invocation, DeploymentEvent event, String gitlabEventHeader) {
        if (event == null) {
            throw new BadInputException("empty body: send GitLab's Deployment webhook body");
        }
        if (gitlabEventHeader != null && !gitlabEventHeader.equalsIgnoreCase("Deployment Hook")) {
            return skipped("X-Gitlab-Event is '" + Input.shown(gitlabEventHeader) + "', not 'Deployment Hook'");
        }
        if (event.objectKind() != null && !event.objectKind().equals("deployment")) {
            return skipped("object_kind is '" + Input.shown(event.objectKind()) + "', not 'deployment'");
        }
        if (runs.isRunEnvironment(event.environment())) {
            return runOf(invocation, event);
        }
        if (packagesEnvironment.isOwn(event.environment())) {
            return skipped("environment '" + event.environment() + "' is this function's own record of packages"
                    + " (TRACKER_PACKAGES_ENVIRONMENT): nothing to record");
        }
        if (event.environment() == null || !config.trigger().environments().contains(event.environment())) {
            return skipped("environment '" + Input.shown(event.environment()) + "' is not tracked (tracked: "
                    + String.join(", ", config.trigger().environments()) + ")");
        }
        String status = event.status() == null ? "" : event.status().toLowerCase(Locale.ROOT);
        if (!config.trigger().statuses().contains(status)) {
            return skipped("status '" + Input.shown(event.status()) + "' is not acted on (acted on: "
                    + String.join(", ", config.trigger().statuses()) + ")");
        }
        String project = projectOf(event);
        CommitSha sha = shaOf(event);
        Uni<String> ref = Input.blank(event.ref()) && event.deploymentId() != null
                ? gitlab.deployment(invocation, project, event.deploymentId()).map(GitLabDeployment::ref)
                : Uni.createFrom().item(event.ref());
        long before = event.deploymentId() == null ? Long.MAX_VALUE : event.deploymentId();
        return Concurrently.both(ref, baselines.before(invocation, project, event.environment(), sha, before),
                        (deployedRef, baseline) -> Map.entry(PackageTarget.ofDeployment(deployedRef, sha), baseline))
                .chain(job -> recorder.record(invocation, job.getKey(), job.getValue(), false))
                .map(DeploymentEvent.Answer::recorded);
    }

    private static Uni<DeploymentEvent.Answer> skipped(String why) {
        return Uni.createFrom().item(DeploymentEvent.Answer.skipped(why));
    }

    /**
     * A post-deploy migration run: when it starts ({@code running}), its notice; when it succeeds, what it executed
     * against the run before it (naming the notice); when it fails or is canceled, a line on its notice.
     */
    private Uni<DeploymentEvent.Answer> runOf(Invocation invocation, DeploymentEvent event) {
        String status = event.status() == null ? "" : event.status().toLowerCase(Locale.ROOT);
        if (!RUN_STATUSES.contains(status)) {
            return skipped("status '" + Input.shown(event.status()) + "' on " + event.environment()
                    + ": a post-deploy migration run is noticed when it starts (running), recorded when it succeeds (success),"
                    + " and its notice amended when it fails or is canceled");
        }
        if (event.deploymentId() == null) {
            return skipped("the event has no deployment_id (GitLab before 15.0?): record runs with /backfill");
        }
        String project = projectOf(event);
        DatabaseEnvironment database = new DatabaseEnvironment(event.environment());
        if (RunNotices.ENDED.contains(status)) {
            return Uni.createFrom().deferred(() -> gitlab.deployment(invocation, project, event.deploymentId()))
                    .chain(deployment -> notices.ended(invocation, database, event.deploymentId(), deployment.ref(), status,
                            event.statusChangedAt()))
                    .map(DeploymentEvent.Answer::noticed);
        }
        Uni<Run> run = gitlab.deployment(invocation, project, event.deploymentId()).map(deployment -> {
            if (!CommitSha.isSha(deployment.sha())) {
                throw new BadInputException("deployment " + event.deploymentId() + " has no commit SHA");
            }
            return Run.of(deployment, database).withJobUrl(event.deployableUrl());
        });
        if (status.equals("running")) {
            return run.chain(started -> notices.announce(invocation, started, project)).map(noticed -> noticed
                    .map(DeploymentEvent.Answer::noticed)
                    .orElseGet(() -> DeploymentEvent.Answer.skipped("no earlier successful run on " + database + " in " + project
                            + ": what this run executes first is unknown, so it gets no notice")));
        }
        Uni<Optional<Run>> previous = runs.before(invocation, project, database, event.deploymentId());
        return Concurrently.both(run, previous).chain(read -> read.getItem2().isEmpty()
                ? skipped("no earlier successful run on " + database + " in " + project + " to tell what this run executed first")
                : runRecorder.record(invocation, read.getItem1(), read.getItem2().get(), false).map(DeploymentEvent.Answer::ran));
    }

    /** What a post-deploy migration run's events are acted on. */
    private static final java.util.Set<String> RUN_STATUSES = java.util.Set.of("running", "success", "failed", "canceled");

    private static String projectOf(DeploymentEvent event) {
        if (event.project() == null) {
            throw new BadInputException("the event names no project");
        }
        if (!Input.blank(event.project().pathWithNamespace())) {
            return event.project().pathWithNamespace();
        }
        if (event.project().id() != null) {
            return event.project().id().toString();
        }
        throw new BadInputException("the event's project has neither path_with_namespace nor id");
    }

    /** The full SHA at the end of {@code commit_url}, else {@code short_sha}. */
    private static CommitSha shaOf(DeploymentEvent event) {
        String url = event.commitUrl();
        if (url != null) {
            String last = url.substring(url.lastIndexOf('/') + 1);
            if (CommitSha.isSha(last)) {
                return new CommitSha(last);
            }
        }
        if (event.shortSha() != null && CommitSha.isSha(event.shortSha())) {
            return new CommitSha(event.shortSha());
        }
        throw new BadInputException("the event names no commit: neither commit_url ends with a SHA nor short_sha is one");
    }
}
