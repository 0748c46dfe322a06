package com.gitlab.release.tracker.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.NamedCommit;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.PackageVersion;
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

    /** A commit to compare with, and how to name it in the note. */
    public record Baseline(CommitSha sha, String label, String environment) {
    }

    /** The latest successful deployment on the baseline environment whose commit is not {@code packageSha}. */
    public Uni<Baseline> latest(Invocation invocation, CommitSha packageSha) {
        return before(invocation, config.baselineProjectOrSource(), config.baselineEnvironment(), packageSha, Long.MAX_VALUE);
    }

    /**
     * The latest successful deployment on an environment, older than deployment {@code beforeId}, whose commit is
     * not {@code packageSha}. Looks back {@value #LOOK_BACK} deployments at most.
     */
    public Uni<Baseline> before(Invocation invocation, String project, String environment, CommitSha packageSha, long beforeId) {
        return gitlab.latestSuccessful(invocation, project, environment, PAGE_SIZE, LOOK_BACK,
                d -> d.id() < beforeId && CommitSha.isSha(d.sha()) && !new CommitSha(d.sha()).sameCommit(packageSha))
                .map(found -> found.map(d -> of(d, environment))
                .orElseThrow(() -> new NotFoundException("no successful deployment on " + environment + " in " + project
                        + " other than this package's commit: pass 'previous' to say what to compare with")));
    }

    /** A deployment as a baseline: named by its ref when that is a package version, else by its short SHA. */
    public static Baseline of(GitLabDeployment deployment, String environment) {
        CommitSha sha = new CommitSha(deployment.sha());
        String label = PackageVersion.looksLikeVersion(deployment.ref()) ? deployment.ref() : sha.shortSha();
        return new Baseline(sha, label, environment);
    }

    /** A baseline the caller named: a package version or a commit SHA. */
    public Baseline given(String previous) {
        NamedCommit named = NamedCommit.parse("previous", previous);
        return new Baseline(named.sha(), named.label(), null);
    }
}
