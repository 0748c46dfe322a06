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

    /**
     * The target a rollback names, as one of the packages the stage's environment ran (its successful deployments,
     * the last {@value #LOOK_BACK}): a version matches a deployment named by the very same version (a deployment
     * named by its auto-deploy branch matches by the Rails commit and the branch's hour), a SHA one of that commit.
     * Anything else is no target: a 404 that names the word and offers the nearest packages that did run there.
     */
    Uni<Named> deployedTarget(Invocation invocation, Stage stage, Named target) {
        List<GitLabDeployment> seen = new ArrayList<>();
        return gitlab.deployments(invocation, config.baselineProjectOrSource(), stage.environment(), "success", 100)
                .select().first(LOOK_BACK)
                .select().where(d -> CommitSha.isSha(d.sha()))
                .invoke(seen::add)
                .select().where(d -> matches(d, target)).collect().first()
                .map(found -> {
                    if (found != null) {
                        return Named.of(NamedCommit.deployed(found.ref(), new CommitSha(found.sha())));
                    }
                    throw new NotFoundException("target " + Input.shown(target.label()) + " never ran on " + stage.environment()
                            + " (among its last " + LOOK_BACK + " successful deployments): a rollback goes to a package that did"
                            + nearest(seen, target));
                });
    }

    private static boolean matches(GitLabDeployment deployment, Named target) {
        CommitSha sha = new CommitSha(deployment.sha());
        if (target.version().isEmpty()) {
            return target.sha().sameCommit(sha);
        }
        PackageVersion wanted = target.version().get();
        Optional<PackageVersion> deployed = PackageVersion.read(deployment.ref());
        if (deployed.isPresent()) {
            return deployed.get().toString().equalsIgnoreCase(wanted.toString());
        }
        // Deployments of the Rails project name the auto-deploy branch (14-8-auto-deploy-2022020809): its commit and hour.
        String ref = deployment.ref() == null ? "" : deployment.ref();
        int hour = ref.lastIndexOf('-');
        return target.sha().sameCommit(sha) && ref.contains("-auto-deploy-") && hour >= 0
                && wanted.timestamp().startsWith(ref.substring(hour + 1));
    }

    /** {@code ; did you mean A, B or C?}: the packages that ran there nearest the one named (same commit first, then time). */
    private static String nearest(List<GitLabDeployment> seen, Named target) {
        List<String> names = seen.stream()
                .sorted(java.util.Comparator.comparingLong((GitLabDeployment d) -> target.sha().sameCommit(new CommitSha(d.sha())) ? 0 : 1)
                        .thenComparingLong(d -> distance(d, target)))
                .map(d -> NamedCommit.deployed(d.ref(), new CommitSha(d.sha())).label()).distinct().limit(3).toList();
        return names.isEmpty() ? "; none did" : "; did you mean " + String.join(", ", names) + "?";
    }

    private static long distance(GitLabDeployment deployment, Named target) {
        Optional<PackageVersion> deployed = PackageVersion.read(deployment.ref());
        if (deployed.isEmpty() || target.version().isEmpty()) {
            return Long.MAX_VALUE;
        }
        return Math.abs(java.time.Duration.between(deployed.get().builtAt(), target.version().get().builtAt()).toMinutes());
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
