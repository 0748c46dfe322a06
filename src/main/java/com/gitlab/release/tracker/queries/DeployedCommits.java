package com.gitlab.release.tracker.queries;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.NamedCommit;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.smallrye.mutiny.Uni;

/** The commits the queries are about: what an environment runs now, or what a caller named. */
@ApplicationScoped
class DeployedCommits {
    /** Deployments looked at for the recent packages, at most. */
    private static final int LOOK_BACK = 300;

    private final TrackerConfig config;
    private final GitLab gitlab;

    DeployedCommits(TrackerConfig config, GitLab gitlab) {
        this.config = config;
        this.gitlab = gitlab;
    }

    /** A commit an answer is about, and how the answer names it. */
    record Named(CommitSha sha, String label, Optional<PackageVersion> version) {

        /** A commit the caller named, as the caller spelt it. */
        static Named given(String field, String text) {
            NamedCommit commit = NamedCommit.parse(field, text);
            return new Named(commit.sha(), text.trim(), commit.version());
        }

        static Named of(NamedCommit commit) {
            return new Named(commit.sha(), commit.label(), commit.version());
        }
    }

    /** The latest successful deployment on the stage's environment. */
    Uni<Named> latest(Invocation invocation, Stage stage) {
        String project = config.baselineProjectOrSource();
        return gitlab.latestSuccessful(invocation, project, stage.environment(), 1, Integer.MAX_VALUE, d -> CommitSha.isSha(d.sha()))
                .map(found -> {
                    GitLabDeployment deployment = found.orElseThrow(() -> new NotFoundException("no successful deployment on "
                            + stage.environment() + " in " + project + ": pass 'current' or 'ref'"));
                    return Named.of(NamedCommit.deployed(deployment.ref(), new CommitSha(deployment.sha())));
                });
    }

    /**
     * The last {@code count} distinct commits successfully deployed to the stage's environment, newest first (a
     * re-deploy of a commit counts once), among its last {@value #LOOK_BACK} deployments.
     */
    Uni<List<Named>> recent(Invocation invocation, Stage stage, int count) {
        List<Named> found = new ArrayList<>();
        return gitlab.deployments(invocation, config.baselineProjectOrSource(), stage.environment(), "success", 100)
                .select().first(LOOK_BACK)
                .select().where(d -> CommitSha.isSha(d.sha()))
                .select().first(d -> found.size() < count)
                .invoke(d -> {
                    CommitSha sha = new CommitSha(d.sha());
                    if (found.stream().noneMatch(named -> named.sha().sameCommit(sha))) {
                        found.add(Named.of(NamedCommit.deployed(d.ref(), sha)));
                    }
                })
                .collect().last().map(ignored -> List.copyOf(found));
    }

    /** A package version, a SHA, or else a branch or tag, which GitLab resolves. */
    Uni<Named> resolve(Invocation invocation, String field, String text) {
        if (PackageVersion.looksLikeVersion(text) || CommitSha.isSha(text.trim())) {
            return Uni.createFrom().item(Named.given(field, text));
        }
        return gitlab.commitSha(invocation, config.sourceProject(), text.trim())
                .map(sha -> new Named(new CommitSha(sha), text.trim(), Optional.<PackageVersion>empty()))
                .onFailure(NotFoundException.class).transform(e -> new NotFoundException(field + ": '" + Input.shown(text)
                        + "' is no package version, SHA, branch or tag of " + config.sourceProject()));
    }

    /** Whether a deployment to the stage or a post-deploy migration run on its database is running now. */
    Uni<Boolean> inProgress(Invocation invocation, Stage stage, String runProject) {
        return Concurrently.both(
                gitlab.deploying(invocation, config.baselineProjectOrSource(), stage.environment()),
                gitlab.deploying(invocation, runProject, stage.database().name()), (deploying, migrating) -> deploying || migrating);
    }
}
