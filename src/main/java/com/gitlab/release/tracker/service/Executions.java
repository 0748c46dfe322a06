package com.gitlab.release.tracker.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.DatabaseEnvironment;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.smallrye.mutiny.Uni;

/**
 * Post-deploy migration runs, as GitLab records them: successful deployments on a database environment such as
 * {@code db/gprd}. A run's commit is what was deployed on that stage when it ran, so every post-migration present
 * at that commit has run on that database.
 */
@ApplicationScoped
public class Executions {
    /** Runs looked at to find the one before a given run, at most. */
    private static final int LOOK_BACK = 100;

    private final GitLab gitlab;
    private final TrackerConfig config;

    public Executions(GitLab gitlab, TrackerConfig config) {
        this.gitlab = gitlab;
        this.config = config;
    }

    /** One successful post-deploy migration run. */
    public record Run(DatabaseEnvironment environment, long deploymentId, CommitSha sha, String ref,
            Optional<Instant> at, String jobUrl) {

        static Run of(GitLabDeployment deployment, DatabaseEnvironment environment) {
            return new Run(environment, deployment.id(), new CommitSha(deployment.sha()), deployment.ref(),
                    deployment.finished(), deployment.jobUrl());
        }
    }

    /** The configured database environments ({@code TRACKER_EXECUTION_ENVIRONMENTS}). */
    public List<DatabaseEnvironment> environments() {
        return config.execution().environments().stream().map(DatabaseEnvironment::new).toList();
    }

    public boolean isExecutionEnvironment(String environment) {
        return environment != null && config.execution().environments().contains(environment);
    }

    public DatabaseEnvironment production() {
        return new DatabaseEnvironment(config.execution().production());
    }

    /** The latest successful run on a database, if any. */
    public Uni<Optional<Run>> latest(Invocation invocation, DatabaseEnvironment environment) {
        return before(invocation, config.executionProject(), environment, Long.MAX_VALUE);
    }

    /** The latest successful run on a database older than deployment {@code beforeId}, if any. */
    public Uni<Optional<Run>> before(Invocation invocation, String project, DatabaseEnvironment environment, long beforeId) {
        return gitlab.latestSuccessful(invocation, project, environment.name(), beforeId == Long.MAX_VALUE ? 1 : 20, LOOK_BACK,
                d -> d.id() < beforeId && CommitSha.isSha(d.sha()))
                .map(found -> found.map(d -> Run.of(d, environment)));
    }
}
