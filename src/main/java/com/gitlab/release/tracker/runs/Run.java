package com.gitlab.release.tracker.runs;

import java.time.Instant;
import java.util.Optional;

import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;

/** One successful post-deploy migration run: a deployment on a database environment such as {@code db/gprd}. */
public record Run(DatabaseEnvironment environment, long deploymentId, CommitSha sha, String ref, Optional<Instant> at,
        String jobUrl) {

    public static Run of(GitLabDeployment deployment, DatabaseEnvironment environment) {
        return new Run(environment, deployment.id(), new CommitSha(deployment.sha()), deployment.ref(),
                deployment.finished(), deployment.jobUrl());
    }

    /** The same run, with the job that ran it when GitLab's deployment did not say. */
    public Run withJobUrl(String url) {
        return jobUrl != null || url == null ? this : new Run(environment, deploymentId, sha, ref, at, url);
    }
}
