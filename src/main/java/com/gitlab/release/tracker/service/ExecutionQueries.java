package com.gitlab.release.tracker.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.MigrationKind;
import com.gitlab.release.tracker.domain.NamedCommit;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.PackageVersion;
import com.gitlab.release.tracker.domain.UtcTime;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;

/**
 * The questions answered from the post-deploy migration runs: what is deployed to an environment but has not run
 * on its database, and whether a rollback is safe now that post-migrations run apart from deployments (unsafe
 * once a post-migration that has run is missing from the target: the point of no return).
 */
@ApplicationScoped
public class ExecutionQueries {

    private final TrackerConfig config;
    private final GitLab gitlab;
    private final Executions executions;
    private final PostMigrationFinder finder;
    private final MigrationKinds kinds;
    private final NoteHistory history;

    public ExecutionQueries(TrackerConfig config, GitLab gitlab, Executions executions, PostMigrationFinder finder,
            MigrationKinds kinds, NoteHistory history) {
        this.config = config;
        this.gitlab = gitlab;
        this.executions = executions;
        this.finder = finder;
        this.kinds = kinds;
        this.history = history;
    }

    /** A commit an answer is about, and how to name it. */
    private record Named(CommitSha sha, String label, Optional<PackageVersion> version) {
        static Named of(NamedCommit commit, String text) {
            return new Named(commit.sha(), text.trim(), commit.version());
        }
    }

    /** An application environment ({@code gprd}, {@code gprd-cny}) and the database its post-migrations run on. */
    private record Stage(String environment, DatabaseEnvironment database) {
        static Stage of(String text) {
            DatabaseEnvironment database = DatabaseEnvironment.of(text);
            String trimmed = text.trim();
            return new Stage(trimmed.startsWith("db/") ? database.stage() : trimmed, database);
        }
    }

    public PendingPostMigrations.Answer pending(PendingPostMigrations.Request request) {
        Stage stage = Stage.of(request == null || PostMigrationQueries.blank(request.environment()) ? "gprd" : request.environment());
        boolean givenRef = request != null && !PostMigrationQueries.blank(request.ref());
        Named deployed = givenRef ? resolve("ref", request.ref()) : latestDeployed(stage);
        Executions.Run run = executions.latest(stage.database()).orElseThrow(() -> new NotFoundException(
                "no successful post-deploy migration run on " + stage.database() + " in " + config.executionProject()
                        + " (TRACKER_EXECUTION_PROJECT): nothing is known to have run there"));
        SortedSet<String> pending = finder.introduced(run.sha(), deployed.sha()).postMigrations();
        List<PostMigrationEntry> entries = PostMigrationEntry.all(pending,
                pending.isEmpty() ? Map.of() : history.recent().packageOf(), kinds.of(pending, deployed.sha()));
        String since = run.at().map(at -> " since " + UtcTime.human(at)).orElse(" since its last run");
        String where = givenRef ? "in " + deployed.label() : "deployed to " + stage.environment();
        String text = entries.isEmpty()
                ? "Nothing pending: every post-deployment migration " + where + " has run on " + stage.database() + " (last run"
                        + run.at().map(at -> " " + UtcTime.human(at)).orElse("") + ")."
                : PostMigrationQueries.count(entries.size()) + " " + where + " but not executed on " + stage.database()
                        + since + ": " + PostMigrationEntry.describe(entries);
        return new PendingPostMigrations.Answer(stage.environment(), deployed.sha().value(), run.sha().value(),
                run.at().map(Instant::toString).orElse(null), entries, text);
    }

    /** {@code /rollback-check} with an environment: judged by what has run on its database. */
    public RollbackCheck.Answer rollbackCheck(RollbackCheck.Request request) {
        if (PostMigrationQueries.blank(request.target())) {
            throw new BadInputException("name the target: {\"environment\": \"gprd\", \"target\": \"<package or sha>\"}");
        }
        Stage stage = Stage.of(request.environment());
        Named target = Named.of(NamedCommit.parse("target", request.target()), request.target());
        Named current = PostMigrationQueries.blank(request.current()) ? latestDeployed(stage)
                : Named.of(NamedCommit.parse("current", request.current()), request.current());
        PostMigrationQueries.checkOrder(current.label(), current.version(), target.label(), target.version());
        boolean inProgress = running(config.baselineProjectOrSource(), stage.environment())
                || running(config.executionProject(), stage.database().name());
        Optional<Executions.Run> run = executions.latest(stage.database());
        SortedSet<String> sinceTarget = target.sha().sameCommit(current.sha()) ? new TreeSet<>()
                : finder.introduced(target.sha(), current.sha()).postMigrations();
        SortedSet<String> blocking;
        SortedSet<String> pendingDropped = new TreeSet<>();
        List<String> reasons = new ArrayList<>();
        if (run.isPresent()) {
            blocking = finder.introduced(target.sha(), run.get().sha()).postMigrations();
            sinceTarget.stream().filter(p -> !blocking.contains(p)).forEach(pendingDropped::add);
            if (!blocking.isEmpty()) {
                reasons.add("post-migrations executed");
            }
        } else {
            blocking = sinceTarget;
            reasons.add("no post-deploy migration run on record for " + stage.database()
                    + ", judged by post-migrations introduced since target: " + (blocking.isEmpty() ? "none" : blocking.size()));
        }
        if (inProgress) {
            reasons.add("deployment in progress");
        }
        boolean safe = blocking.isEmpty() && !inProgress;
        Map<String, String> packageOf = blocking.isEmpty() && pendingDropped.isEmpty() ? Map.of() : history.recent().packageOf();
        Map<String, MigrationKind> kindOf = kinds.of(blocking, run.map(Executions.Run::sha).orElse(current.sha()));
        kindOf.putAll(kinds.of(pendingDropped, current.sha()));
        List<PostMigrationEntry> blockingEntries = PostMigrationEntry.all(blocking, packageOf, kindOf);
        List<PostMigrationEntry> droppedEntries = PostMigrationEntry.all(pendingDropped, packageOf, kindOf);
        String reason = reasons.isEmpty() ? "none" : String.join("; ", reasons);
        return new RollbackCheck.Answer(safe, current.label(), target.label(), blockingEntries,
                text(safe, stage, current, target, run, blockingEntries, droppedEntries, inProgress), stage.environment(),
                reason, run.map(r -> r.sha().value()).orElse(null), run.flatMap(Executions.Run::at).map(Instant::toString).orElse(null),
                inProgress, droppedEntries);
    }

    private static String text(boolean safe, Stage stage, Named current, Named target, Optional<Executions.Run> run,
            List<PostMigrationEntry> blocking, List<PostMigrationEntry> dropped, boolean inProgress) {
        String lastRun = run.map(r -> " (last run " + r.at().map(UtcTime::human).orElse(r.sha().shortSha()) + ")").orElse("");
        StringBuilder text = new StringBuilder();
        if (safe) {
            text.append("Safe to roll ").append(stage.environment()).append(" back from ").append(current.label())
                    .append(" to ").append(target.label()).append(": ")
                    .append(run.isPresent() ? "every post-deployment migration executed on " + stage.database() + lastRun
                            + " is in " + target.label() + "." : "no post-deployment migration was introduced since "
                            + target.label() + " (no post-deploy migration run on record for " + stage.database() + ").");
        } else {
            text.append("NOT safe to roll ").append(stage.environment()).append(" back to ").append(target.label()).append(':');
            if (!blocking.isEmpty()) {
                text.append(' ').append(PostMigrationQueries.count(blocking.size()))
                        .append(run.isPresent() ? " executed on " + stage.database() + lastRun + " are not in " + target.label()
                                : " introduced since " + target.label() + " (no post-deploy migration run on record for "
                                        + stage.database() + ")")
                        .append(": ").append(PostMigrationEntry.describe(blocking)).append('.');
            }
            if (inProgress) {
                text.append(" A deployment to ").append(stage.environment()).append(" or a post-deploy migration run on ")
                        .append(stage.database()).append(" is in progress.");
            }
        }
        if (!dropped.isEmpty()) {
            text.append(' ').append(PostMigrationQueries.count(dropped.size()))
                    .append(" deployed but not executed would simply not run: ").append(PostMigrationEntry.describe(dropped)).append('.');
        }
        return text.toString();
    }

    private boolean running(String project, String environment) {
        return gitlab.deployments(project, environment, "running", 1).findFirst().isPresent();
    }

    /** The latest successful deployment on the stage's environment. */
    private Named latestDeployed(Stage stage) {
        String project = config.baselineProjectOrSource();
        GitLabDeployment deployment = gitlab.successfulDeployments(project, stage.environment(), 1)
                .filter(d -> CommitSha.isSha(d.sha())).findFirst()
                .orElseThrow(() -> new NotFoundException("no successful deployment on " + stage.environment() + " in "
                        + project + ": pass 'current' or 'ref'"));
        CommitSha sha = new CommitSha(deployment.sha());
        Optional<PackageVersion> version = PackageVersion.looksLikeVersion(deployment.ref())
                ? Optional.of(PackageVersion.parse(deployment.ref())) : Optional.empty();
        return new Named(sha, version.map(PackageVersion::toString).orElse(sha.shortSha()), version);
    }

    /** A package version, a SHA, or else a branch or tag, which GitLab resolves. */
    private Named resolve(String field, String text) {
        if (PackageVersion.looksLikeVersion(text) || CommitSha.isSha(text.trim())) {
            return Named.of(NamedCommit.parse(field, text), text);
        }
        try {
            return new Named(new CommitSha(gitlab.commitSha(config.sourceProject(), text.trim())), text.trim(), Optional.empty());
        } catch (NotFoundException e) {
            throw new NotFoundException(field + ": '" + text + "' is no package version, SHA, branch or tag of "
                    + config.sourceProject());
        }
    }
}
