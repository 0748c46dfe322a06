package com.gitlab.release.tracker.domain.notes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;

/**
 * What one run note records: a successful post-deploy migration run (a deployment on a database
 * environment such as {@code db/gprd}), the commit it ran at, the previous run's commit, and the post-migrations
 * that ran for the first time (sorted).
 */
public record RunRecord(DatabaseEnvironment environment, long deploymentId, String sha, String previousSha,
        Optional<Instant> executedAt, List<String> postMigrations) {

    public RunRecord {
        postMigrations = postMigrations.stream().sorted().toList();
    }

    /** Whether this record is about that run: the same environment and deployment. */
    public boolean sameRun(DatabaseEnvironment otherEnvironment, long otherDeploymentId) {
        return environment.equals(otherEnvironment) && deploymentId == otherDeploymentId;
    }
}
