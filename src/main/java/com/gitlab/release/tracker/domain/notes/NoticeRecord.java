package com.gitlab.release.tracker.domain.notes;

import java.util.List;

import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;

/**
 * What a run notice records: a post-deploy migration run that has started (a deployment on a database environment
 * such as {@code db/gprd}, not finished yet), the commit it runs, the last run's commit, and the post-migrations it
 * will execute for the first time (sorted). {@code writer}: the delivery that wrote it (a random token, or null),
 * so that of several deliveries that each wrote one, the one whose note is kept tells Slack.
 */
public record NoticeRecord(DatabaseEnvironment environment, long deploymentId, String sha, String previousSha,
        List<String> postMigrations, String writer) {

    public NoticeRecord {
        postMigrations = postMigrations.stream().sorted().toList();
    }

    public NoticeRecord(DatabaseEnvironment environment, long deploymentId, String sha, String previousSha, List<String> postMigrations) {
        this(environment, deploymentId, sha, previousSha, postMigrations, null);
    }

    /** Whether this notice is about that run: the same environment and deployment. */
    public boolean sameRun(DatabaseEnvironment otherEnvironment, long otherDeploymentId) {
        return environment.equals(otherEnvironment) && deploymentId == otherDeploymentId;
    }
}
