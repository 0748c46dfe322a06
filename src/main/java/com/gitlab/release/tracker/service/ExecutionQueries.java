package com.gitlab.release.tracker.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import com.gitlab.release.tracker.gitlab.Invocation;

import io.smallrye.mutiny.Uni;

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

    /**
     * What is deployed to an environment but has not run on its database. The deployment, the last run and the
     * first pages of the notes (which tell each post-migration's package) are read at once.
     */
    public Uni<PendingPostMigrations.Answer> pending(Invocation invocation, PendingPostMigrations.Request request) {
        Stage stage = Stage.of(request == null || PostMigrationQueries.blank(request.environment()) ? "gprd" : request.environment());
        boolean givenRef = request != null && !PostMigrationQueries.blank(request.ref());
        Uni<Named> deployedUni = givenRef ? resolve(invocation, "ref", request.ref()) : latestDeployed(invocation, stage);
        Uni<Executions.Run> runUni = executions.latest(invocation, stage.database()).map(latest -> latest.orElseThrow(() -> new NotFoundException(
                "no successful post-deploy migration run on " + stage.database() + " in " + config.executionProject()
                        + " (TRACKER_EXECUTION_PROJECT): nothing is known to have run there")));
        NoteHistory.Reading notes = history.startRecent(invocation).everyPageNow();
        return Concurrently.both(deployedUni, runUni).chain(found -> {
            Named deployed = found.getItem1();
            Executions.Run run = found.getItem2();
            return finder.introduced(invocation, run.sha(), deployed.sha()).chain(introduced -> {
                SortedSet<String> pending = introduced.postMigrations();
                return Concurrently.both(packageOf(notes, pending), kinds.of(invocation, pending, deployed.sha()), (packageOf, kindOf) -> {
                            List<PostMigrationEntry> entries = PostMigrationEntry.all(pending, packageOf, kindOf);
                            String since = run.at().map(at -> " since " + UtcTime.human(at)).orElse(" since its last run");
                            String where = givenRef ? "in " + deployed.label() : "deployed to " + stage.environment();
                            String text = entries.isEmpty()
                                    ? "Nothing pending: every post-deployment migration " + where + " has run on " + stage.database()
                                            + " (last run" + run.at().map(at -> " " + UtcTime.human(at)).orElse("") + ")."
                                    : PostMigrationQueries.count(entries.size()) + " " + where + " but not executed on "
                                            + stage.database() + since + ": " + PostMigrationEntry.describe(entries);
                            return new PendingPostMigrations.Answer(stage.environment(), deployed.sha().value(), run.sha().value(),
                                    run.at().map(Instant::toString).orElse(null), entries, text);
                        });
            });
        }).onTermination().invoke(notes::cancel);
    }

    /** Which package introduced each post-migration, from the notes; not read at all when there is none. */
    private static Uni<Map<String, String>> packageOf(NoteHistory.Reading notes, Collection<String> postMigrations) {
        return postMigrations.isEmpty() ? Uni.createFrom().item(Map.of()) : notes.history().map(NoteHistory.History::packageOf);
    }

    /**
     * {@code /rollback-check} with an environment: judged by what has run on its database. Everything it needs is
     * read at once: the deployed package, whether a deployment runs, the last run, then both compares side by side.
     */
    public Uni<RollbackCheck.Answer> rollbackCheck(Invocation invocation, RollbackCheck.Request request) {
        if (PostMigrationQueries.blank(request.target())) {
            throw new BadInputException("name the target: {\"environment\": \"gprd\", \"target\": \"<package or sha>\"}");
        }
        Stage stage = Stage.of(request.environment());
        Named target = Named.of(NamedCommit.parse("target", request.target()), request.target());
        Uni<Named> currentUni = PostMigrationQueries.blank(request.current()) ? latestDeployed(invocation, stage)
                : Uni.createFrom().item(Named.of(NamedCommit.parse("current", request.current()), request.current()));
        Uni<Boolean> inProgressUni = Concurrently.both(running(invocation, config.baselineProjectOrSource(), stage.environment()),
                running(invocation, config.executionProject(), stage.database().name()), (deploying, migrating) -> deploying || migrating);
        Uni<Optional<Executions.Run>> runUni = executions.latest(invocation, stage.database());
        NoteHistory.Reading notes = history.startRecent(invocation).everyPageNow();
        return Concurrently.all(currentUni, inProgressUni, runUni).chain(read -> {
            Named current = read.getItem1();
            boolean inProgress = read.getItem2();
            Optional<Executions.Run> run = read.getItem3();
            PostMigrationQueries.checkOrder(current.label(), current.version(), target.label(), target.version());
            Uni<SortedSet<String>> sinceTargetUni = target.sha().sameCommit(current.sha()) ? Uni.createFrom().item(new TreeSet<>())
                    : finder.introduced(invocation, target.sha(), current.sha()).map(PostMigrationFinder.Introduced::postMigrations);
            Uni<Optional<SortedSet<String>>> executedUni = run.isEmpty() ? Uni.createFrom().item(Optional.empty())
                    : finder.introduced(invocation, target.sha(), run.get().sha()).map(i -> Optional.of(i.postMigrations()));
            return Concurrently.both(sinceTargetUni, executedUni)
                    .chain(compared -> answer(invocation, stage, current, target, run, inProgress, compared.getItem1(),
                            compared.getItem2(), notes));
        }).onTermination().invoke(notes::cancel);
    }

    private Uni<RollbackCheck.Answer> answer(Invocation invocation, Stage stage, Named current, Named target,
            Optional<Executions.Run> run, boolean inProgress, SortedSet<String> sinceTarget,
            Optional<SortedSet<String>> executedSinceTarget, NoteHistory.Reading notes) {
        SortedSet<String> blocking;
        SortedSet<String> pendingDropped = new TreeSet<>();
        List<String> reasons = new ArrayList<>();
        if (executedSinceTarget.isPresent()) {
            blocking = executedSinceTarget.get();
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
        Set<String> named = new TreeSet<>(blocking);
        named.addAll(pendingDropped);
        Uni<Map<String, MigrationKind>> kindsUni = Concurrently.both(
                kinds.of(invocation, blocking, run.map(Executions.Run::sha).orElse(current.sha())),
                kinds.of(invocation, pendingDropped, current.sha()), (ofBlocking, ofDropped) -> {
                    Map<String, MigrationKind> all = new HashMap<>(ofBlocking);
                    all.putAll(ofDropped);
                    return all;
                });
        return Concurrently.both(packageOf(notes, named), kindsUni, (packageOf, kindOf) -> {
            List<PostMigrationEntry> blockingEntries = PostMigrationEntry.all(blocking, packageOf, kindOf);
            List<PostMigrationEntry> droppedEntries = PostMigrationEntry.all(pendingDropped, packageOf, kindOf);
            String reason = reasons.isEmpty() ? "none" : String.join("; ", reasons);
            return new RollbackCheck.Answer(safe, current.label(), target.label(), blockingEntries,
                    text(safe, stage, current, target, run, blockingEntries, droppedEntries, inProgress), stage.environment(),
                    reason, run.map(r -> r.sha().value()).orElse(null), run.flatMap(Executions.Run::at).map(Instant::toString).orElse(null),
                    inProgress, droppedEntries);
        });
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

    private Uni<Boolean> running(Invocation invocation, String project, String environment) {
        return gitlab.deployments(invocation, project, environment, "running", 1).toUni().map(java.util.Objects::nonNull);
    }

    /** The latest successful deployment on the stage's environment. */
    private Uni<Named> latestDeployed(Invocation invocation, Stage stage) {
        String project = config.baselineProjectOrSource();
        return gitlab.latestSuccessful(invocation, project, stage.environment(), 1, Integer.MAX_VALUE, d -> CommitSha.isSha(d.sha()))
                .map(found -> {
                    GitLabDeployment deployment = found.orElseThrow(() -> new NotFoundException("no successful deployment on "
                            + stage.environment() + " in " + project + ": pass 'current' or 'ref'"));
                    CommitSha sha = new CommitSha(deployment.sha());
                    Optional<PackageVersion> version = PackageVersion.looksLikeVersion(deployment.ref())
                            ? Optional.of(PackageVersion.parse(deployment.ref())) : Optional.empty();
                    return new Named(sha, version.map(PackageVersion::toString).orElse(sha.shortSha()), version);
                });
    }

    /** A package version, a SHA, or else a branch or tag, which GitLab resolves. */
    private Uni<Named> resolve(Invocation invocation, String field, String text) {
        if (PackageVersion.looksLikeVersion(text) || CommitSha.isSha(text.trim())) {
            return Uni.createFrom().item(Named.of(NamedCommit.parse(field, text), text));
        }
        return gitlab.commitSha(invocation, config.sourceProject(), text.trim())
                .map(sha -> new Named(new CommitSha(sha), text.trim(), Optional.<PackageVersion>empty()))
                .onFailure(NotFoundException.class).transform(e -> new NotFoundException(field + ": '" + text
                        + "' is no package version, SHA, branch or tag of " + config.sourceProject()));
    }
}
