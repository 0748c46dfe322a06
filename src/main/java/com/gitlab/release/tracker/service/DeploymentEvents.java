package com.gitlab.release.tracker.service;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.DatabaseEnvironment;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;
import com.gitlab.release.tracker.service.Baselines.Baseline;
import com.gitlab.release.tracker.service.PackageRecorder.Target;

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
    private final Executions executions;
    private final ExecutionRecorder executionRecorder;

    public DeploymentEvents(TrackerConfig config, GitLab gitlab, Baselines baselines, PackageRecorder recorder,
            Executions executions, ExecutionRecorder executionRecorder) {
        this.config = config;
        this.gitlab = gitlab;
        this.baselines = baselines;
        this.recorder = recorder;
        this.executions = executions;
        this.executionRecorder = executionRecorder;
    }

    public DeploymentEvent.Answer handle(DeploymentEvent event, String gitlabEventHeader) {
        if (event == null) {
            throw new BadInputException("empty body: send GitLab's Deployment webhook body");
        }
        if (gitlabEventHeader != null && !gitlabEventHeader.equalsIgnoreCase("Deployment Hook")) {
            return DeploymentEvent.Answer.skipped("X-Gitlab-Event is '" + gitlabEventHeader + "', not 'Deployment Hook'");
        }
        if (event.objectKind() != null && !event.objectKind().equals("deployment")) {
            return DeploymentEvent.Answer.skipped("object_kind is '" + event.objectKind() + "', not 'deployment'");
        }
        if (executions.isExecutionEnvironment(event.environment())) {
            return runOf(event);
        }
        if (event.environment() == null || !config.trigger().environments().contains(event.environment())) {
            return DeploymentEvent.Answer.skipped("environment '" + event.environment() + "' is not tracked (tracked: "
                    + String.join(", ", config.trigger().environments()) + ")");
        }
        String status = event.status() == null ? "" : event.status().toLowerCase(Locale.ROOT);
        if (!config.trigger().statuses().contains(status)) {
            return DeploymentEvent.Answer.skipped("status '" + event.status() + "' is not acted on (acted on: "
                    + String.join(", ", config.trigger().statuses()) + ")");
        }
        String project = projectOf(event);
        CommitSha sha = shaOf(event);
        String ref = event.ref();
        if ((ref == null || ref.isBlank()) && event.deploymentId() != null) {
            ref = gitlab.deployment(project, event.deploymentId()).ref();
        }
        Target target = PackageLabels.ofDeployment(ref, sha);
        long before = event.deploymentId() == null ? Long.MAX_VALUE : event.deploymentId();
        Baseline baseline = baselines.before(project, event.environment(), sha, before);
        return DeploymentEvent.Answer.recorded(recorder.record(target, baseline, null, false));
    }

    /** A post-deploy migration run finished: record what it executed against the run before it. */
    private DeploymentEvent.Answer runOf(DeploymentEvent event) {
        String status = event.status() == null ? "" : event.status().toLowerCase(Locale.ROOT);
        if (!status.equals("success")) {
            return DeploymentEvent.Answer.skipped("status '" + event.status() + "' on " + event.environment()
                    + ": only a successful post-deploy migration run is recorded");
        }
        if (event.deploymentId() == null) {
            return DeploymentEvent.Answer.skipped("the event has no deployment_id (GitLab before 15.0?): record runs with /backfill");
        }
        String project = projectOf(event);
        DatabaseEnvironment database = new DatabaseEnvironment(event.environment());
        GitLabDeployment deployment = gitlab.deployment(project, event.deploymentId());
        if (!CommitSha.isSha(deployment.sha())) {
            throw new BadInputException("deployment " + event.deploymentId() + " has no commit SHA");
        }
        Executions.Run run = Executions.Run.of(deployment, database);
        if (run.jobUrl() == null && event.deployableUrl() != null) {
            run = new Executions.Run(database, run.deploymentId(), run.sha(), run.ref(), run.at(), event.deployableUrl());
        }
        Optional<Executions.Run> previous = executions.before(project, database, event.deploymentId());
        if (previous.isEmpty()) {
            return DeploymentEvent.Answer.skipped("no earlier successful run on " + database + " in " + project
                    + " to tell what this run executed first");
        }
        return DeploymentEvent.Answer.executed(executionRecorder.record(run, previous.get(), false));
    }

    private static String projectOf(DeploymentEvent event) {
        if (event.project() == null) {
            throw new BadInputException("the event names no project");
        }
        if (event.project().pathWithNamespace() != null && !event.project().pathWithNamespace().isBlank()) {
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
