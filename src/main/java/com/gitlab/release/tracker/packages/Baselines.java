package com.gitlab.release.tracker.packages;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.NamedCommit;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.smallrye.mutiny.Uni;

/** The commit a package is compared with: what the baseline environment runs now. */
@ApplicationScoped
public class Baselines {
    /** Deployments looked at, at most; re-deploys of the same package are skipped. */
    private static final int LOOK_BACK = 200;
    /** Usually the first deployment is the baseline: a small first page keeps the common case cheap. */
    private static final int PAGE_SIZE = 20;

    private final GitLab gitlab;
    private final TrackerConfig config;

    public Baselines(GitLab gitlab, TrackerConfig config) {
        this.gitlab = gitlab;
        this.config = config;
    }

    /** A commit to compare with, how to name it in the note, and the environment it was found on (if any). */
    public record Baseline(CommitSha sha, String label, String environment) {

        /** A deployment as a baseline. */
        public static Baseline of(GitLabDeployment deployment, String environment) {
            NamedCommit named = NamedCommit.deployed(deployment.ref(), new CommitSha(deployment.sha()));
            return new Baseline(named.sha(), named.label(), environment);
        }
    }

    /** The latest successful deployment on the baseline environment whose commit is not {@code packageSha}. */
    Uni<Baseline> latest(Invocation invocation, CommitSha packageSha) {
        return before(invocation, config.baselineProjectOrSource(), config.baselineEnvironment(), packageSha, Long.MAX_VALUE);
    }

    /**
     * The latest successful deployment on an environment, older than deployment {@code beforeId}, whose commit is
     * not {@code packageSha}. Looks back {@value #LOOK_BACK} deployments at most.
     */
    public Uni<Baseline> before(Invocation invocation, String project, String environment, CommitSha packageSha, long beforeId) {
        return gitlab.latestSuccessful(invocation, project, environment, PAGE_SIZE, LOOK_BACK,
                d -> d.id() < beforeId && CommitSha.isSha(d.sha()) && !packageSha.sameCommit(d.sha()))
                .map(found -> found.map(d -> Baseline.of(d, environment))
                .orElseThrow(() -> new NotFoundException("no successful deployment on " + environment + " in " + project
                        + " other than this package's commit: pass 'previous' to say what to compare with")));
    }

    /** A baseline the caller named: a package version or a commit SHA. */
    static Baseline given(String previous) {
        NamedCommit named = NamedCommit.parse("previous", previous);
        return new Baseline(named.sha(), named.label(), null);
    }
}
