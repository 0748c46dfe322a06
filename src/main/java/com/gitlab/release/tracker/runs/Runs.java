package com.gitlab.release.tracker.runs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.smallrye.mutiny.Uni;

/**
 * Post-deploy migration runs, as GitLab records them: successful deployments on a database environment such as
 * {@code db/gprd}. A run's commit is what was deployed on that stage when it ran, so every post-migration present
 * at that commit has run on that database.
 */
@ApplicationScoped
public class Runs {
    /** Runs looked at to find the one before a given run, at most. */
    private static final int LOOK_BACK = 100;

    private final GitLab gitlab;
    private final TrackerConfig config;

    public Runs(GitLab gitlab, TrackerConfig config) {
        this.gitlab = gitlab;
        this.config = config;
    }

    /** The configured database environments ({@code TRACKER_EXECUTION_ENVIRONMENTS}). */
    public List<DatabaseEnvironment> environments() {
        return config.runs().environments();
    }

    /** Whether deployments to this environment are post-deploy migration runs. */
    public boolean isRunEnvironment(String environment) {
        return environment != null && environments().stream().anyMatch(database -> database.name().equals(environment));
    }

    /** The production database ({@code TRACKER_EXECUTION_PRODUCTION}). */
    public DatabaseEnvironment production() {
        return config.runs().production();
    }

    /** The project holding the runs ({@code TRACKER_EXECUTION_PROJECT}). */
    public String project() {
        return config.runProject();
    }

    /** The latest successful run on a database, if any. */
    public Uni<Optional<Run>> latest(Invocation invocation, DatabaseEnvironment environment) {
        return before(invocation, project(), environment, Long.MAX_VALUE);
    }

    /** The latest successful run on each configured database, looked up side by side. */
    public Uni<Map<DatabaseEnvironment, Optional<Run>>> latestOnEach(Invocation invocation) {
        List<DatabaseEnvironment> environments = environments();
        return Concurrently.all(environments.stream().map(environment -> latest(invocation, environment)).toList(), gitlab.concurrency())
                .map(runs -> {
                    Map<DatabaseEnvironment, Optional<Run>> byEnvironment = new LinkedHashMap<>();
                    for (int i = 0; i < environments.size(); i++) {
                        byEnvironment.put(environments.get(i), runs.get(i));
                    }
                    return byEnvironment;
                });
    }

    /** The latest successful run on a database older than deployment {@code beforeId}, if any. */
    public Uni<Optional<Run>> before(Invocation invocation, String project, DatabaseEnvironment environment, long beforeId) {
        return gitlab.latestSuccessful(invocation, project, environment.name(), beforeId == Long.MAX_VALUE ? 1 : 20, LOOK_BACK,
                d -> d.id() < beforeId && CommitSha.isSha(d.sha()))
                .map(found -> found.map(d -> Run.of(d, environment)));
    }

    /** Whether a post-migration has run: its file exists at the run's commit ({@code HEAD}); not when there is no run. */
    public Uni<Boolean> hasRun(Invocation invocation, String path, Optional<Run> run) {
        return run.map(r -> gitlab.fileExists(invocation, config.sourceProject(), path, r.sha().value()))
                .orElseGet(() -> Uni.createFrom().item(false));
    }
}
