package com.gitlab.release.tracker.domain.notes;

import java.util.List;

import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;

/**
 * What a run notice records: a post-deploy migration run that has started (a deployment on a database environment
 * such as {@code db/gprd}, not finished yet), the commit it runs, the last run's commit, and the post-migrations it
 * will execute for the first time (sorted).
 */
public record NoticeRecord(DatabaseEnvironment environment, long deploymentId, String sha, String previousSha,
        List<String> postMigrations) {

    public NoticeRecord {
        postMigrations = postMigrations.stream().sorted().toList();
    }

    /** Whether this notice is about that run: the same environment and deployment. */
    public boolean sameRun(DatabaseEnvironment otherEnvironment, long otherDeploymentId) {
        return environment.equals(otherEnvironment) && deploymentId == otherDeploymentId;
    }
}
