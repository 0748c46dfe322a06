package com.gitlab.release.tracker.service;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.service.Baselines.Baseline;
import com.gitlab.release.tracker.service.PackageRecorder.Target;

/** {@code /deployment-event}: a GitLab Deployment webhook on a tracked environment records its package. */
@ApplicationScoped
public class DeploymentEvents {

    private final TrackerConfig config;
    private final GitLab gitlab;
    private final Baselines baselines;
    private final PackageRecorder recorder;

    public DeploymentEvents(TrackerConfig config, GitLab gitlab, Baselines baselines, PackageRecorder recorder) {
        this.config = config;
        this.gitlab = gitlab;
        this.baselines = baselines;
        this.recorder = recorder;
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
