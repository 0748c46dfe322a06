package com.gitlab.release.tracker.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.migrations.PostMigrationRule;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.domain.releases.UtcTime;
import com.gitlab.release.tracker.http.FunctionNames;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.queries.NextRun;
import com.gitlab.release.tracker.queries.PendingPostMigrations;
import com.gitlab.release.tracker.queries.ReleasePostMigrations;
import com.gitlab.release.tracker.queries.RollbackCheck;
import com.gitlab.release.tracker.queries.RollbackTargets;
import com.gitlab.release.tracker.queries.WhichPackage;
import com.gitlab.release.tracker.runs.Runs;

import io.smallrye.mutiny.Uni;

/**
 * The chat commands ({@code which}, {@code rollback} with a package or without, {@code pending}, {@code release},
 * {@code help}) on the same
 * services as the JSON functions. Failures (an unknown migration, a bad version, GitLab down) become a readable
 * reply, never an error page.
 */
@ApplicationScoped
public class ChatCommands {
    private static final Logger LOG = Logger.getLogger(ChatCommands.class);
    /** Sections at most: chat answers stay readable on a phone. */
    private static final int MAX_SECTIONS = 10;

    private final WhichPackage whichPackage;
    private final RollbackCheck rollbackCheck;
    private final RollbackTargets rollbackTargets;
    private final PendingPostMigrations pending;
    private final ReleasePostMigrations release;
    private final Runs runs;
    private final NextRun nextRun;

    public ChatCommands(WhichPackage whichPackage, RollbackCheck rollbackCheck, RollbackTargets rollbackTargets,
            PendingPostMigrations pending, ReleasePostMigrations release, Runs runs, NextRun nextRun) {
        this.runs = runs;
        this.nextRun = nextRun;
        this.whichPackage = whichPackage;
        this.rollbackCheck = rollbackCheck;
        this.rollbackTargets = rollbackTargets;
        this.pending = pending;
        this.release = release;
    }

    /** The reply to a command; every failure is a reply too. */
    public Uni<ChatReply> run(Invocation invocation, ChatCommand command) {
        return Uni.createFrom().deferred(() -> switch (command.kind()) {
            case WHICH -> which(invocation, command);
            case ROLLBACK -> rollback(invocation, command);
            case TARGETS -> targets(invocation, command);
            case PENDING -> pending(invocation, command);
            case NEXT -> nextRun.answer(invocation, new NextRun.Request(command.argument(0, ChatCommand.DEFAULT_ENVIRONMENT)))
                    .map(answer -> next(answer, null, command.shared()));
            case RELEASE -> release(invocation, command);
            case HELP -> Uni.createFrom().item(help("Post-migration tracker commands:", 200));
            case UNKNOWN -> Uni.createFrom().item(help("Sorry, that is no command I know. The commands:", 400));
        })
                .onFailure(TrackerException.class).recoverWithItem(failure -> failed(failure.getMessage(),
                        ((TrackerException) failure).status()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.error("chat command failed", failure);
                    return failed("that failed (internal error: " + failure.getClass().getSimpleName()
                            + "); the function's log has the details", 500);
                });
    }

    /** The commands, one a line; {@code --public} only in Slack's form (ChatOps posts every reply to the channel). */
    private static ChatReply help(String title, int status) {
        List<String> usage = List.of(ChatCommand.USAGE.split("\n"));
        List<String> lines = new ArrayList<>();
        lines.add(title);
        lines.addAll(usage);
        return new ChatReply(lines, List.of("*" + title + "*\n" + ChatCommand.SLACK_USAGE), false, status);
    }

    /** An error, whole: wrapped at spaces into lines that fit rather than cut. */
    private static ChatReply failed(String message, int status) {
        return new ChatReply(ChatReply.wrapped("Sorry: " + message), List.of(":warning: " + message), false, status);
    }

    private Uni<ChatReply> which(Invocation invocation, ChatCommand command) {
        return whichPackage.answer(invocation, new WhichPackage.Request(command.argument(0, null), null)).map(answer -> which(command, answer));
    }

    private static ChatReply which(ChatCommand command, WhichPackage.Answer answer) {
        List<ChatLine> lines = new ArrayList<>();
        if (!answer.candidates().isEmpty()) {
            lines.add(s -> s.bold(answer.matches() + " post-migrations match") + " " + s.code(answer.migration())
                    + ": ask for one by its version" + (answer.matches() > answer.candidates().size() ? " (the first "
                            + answer.candidates().size() + " listed)" : ""));
            answer.candidates().forEach(name -> lines.add(s -> s.code(name)));
            return ChatReply.of(lines, command.shared(), 200);
        }
        for (WhichPackage.Found found : answer.found()) {
            String ran = found.executedOn().entrySet().stream().map(e -> (e.getValue() ? "ran on " : "not yet run on ") + e.getKey())
                    .collect(Collectors.joining(", "));
            lines.add(s -> s.code(PostMigrationRule.fileName(found.path())) + ": " + s.bold(ran.isEmpty() ? "no run on record" : ran));
            lines.add(s -> "came with " + s.code(PackageVersion.shortName(found.packageName()))
                    + (found.release() == null ? "" : " (" + s.text(found.release()) + ")")
                    + details(s, found.database(), found.batchedBackgroundMigration(), found.rollbackRisk(), found.operations(),
                            found.mergeRequest()));
            lines.add(s -> "details: " + s.address(found.noteUrl(), "package note"));
        }
        return ChatReply.of(lines, command.shared(), 200);
    }

    /** {@code · main · destructive: remove_column ... · !80555 by lee.w (group::tenant scale)}, each part when known. */
    private static String details(ChatLine.Style s, String database, String batched, String rollbackRisk, List<String> operations,
            MergeRequest mr) {
        return PostMigrationEntry.kindText(database, batched).map(k -> " · " + s.text(k)).orElse("")
                + PostMigrationEntry.riskText(rollbackRisk, operations).map(r -> " · " + s.text(r)).orElse("")
                + (mr == null ? "" : " · " + mergeRequest(s, mr));
    }

    /** {@code !123 by jdoe (group::database)}, linked in Slack; every value escaped. */
    private static String mergeRequest(ChatLine.Style s, MergeRequest mr) {
        if (mr.isSecurity()) {
            return MergeRequest.SECURITY;
        }
        return s.link(mr.url(), "!" + mr.iid()) + (mr.author() == null ? "" : " " + s.text(mr.author()))
                + (mr.group() == null ? "" : " (" + s.text(mr.group()) + ")");
    }

    /**
     * A post-migration on one line: its file, the package that brought it (by its Rails SHA, which {@code rollback}
     * takes), what it does (its database when not {@code main}), its merge request.
     */
    private static ChatLine entry(String prefix, PostMigrationEntry m) {
        return s -> prefix + s.code(PostMigrationRule.fileName(m.path()))
                + (m.packageName() == null ? "" : " · " + s.code(PackageVersion.railsSha(m.packageName())))
                + details(s, MAIN.equals(m.database()) && m.batchedBackgroundMigration() == null ? null : m.database(),
                        m.batchedBackgroundMigration(), m.rollbackRisk(), m.operations(), m.mergeRequest());
    }

    /** The database most post-migrations run on: named in a line only when it is another. */
    private static final String MAIN = "main";

    /** Where the full answer is: the JSON function and its body. */
    private static ChatLine function(String route, String body) {
        return s -> "details: " + s.code("POST /" + route + " " + body);
    }

    private Uni<ChatReply> rollback(Invocation invocation, ChatCommand command) {
        String environment = command.argument(1, ChatCommand.DEFAULT_ENVIRONMENT);
        return rollbackCheck.answer(invocation, new RollbackCheck.Request(null, command.argument(0, null), environment))
                .map(answer -> rollback(command, environment, answer));
    }

    private static ChatReply rollback(ChatCommand command, String environment, RollbackCheck.Answer answer) {
        List<ChatLine> lines = new ArrayList<>();
        String target = PackageVersion.shortName(answer.target());
        String current = PackageVersion.shortName(answer.current());
        if (answer.target() != null && answer.target().equals(answer.current())) {
            lines.add(s -> s.mark(":large_green_circle:", "") + s.text(environment) + " already runs " + s.code(current)
                    + ": nothing to roll back");
        } else {
            lines.add(s -> s.mark(answer.safe() ? ":large_green_circle:" : ":red_circle:", "") + s.bold(answer.safe() ? "Safe" : "NOT safe")
                    + " to roll " + s.text(environment) + " back to " + s.code(target) + " (runs " + s.code(current) + "): risk "
                    + s.bold(s.text(answer.risk())) + (answer.reason() == null ? "" : " · " + s.text(answer.reason())));
        }
        answer.postMigrations().forEach(m -> lines.add(entry("ran: ", m)));
        if (answer.targetCode() != null) {
            answer.targetCode().forEach(v -> lines.add(s -> (v.compatible() ? "target's code survives " : "target's code breaks on ")
                    + s.code(PostMigrationRule.fileName(v.path())) + ": " + s.text(v.why())));
        }
        if (answer.whoToPage() != null) {
            answer.whoToPage().forEach(p -> lines.add(s -> s.mark(":pager:", "") + "page for " + s.code(PostMigrationRule.fileName(p.path()))
                    + " (" + s.text(p.rollbackRisk()) + "): " + (p.mergeRequest() == null ? "no merge request found"
                            : mergeRequest(s, p.mergeRequest()))));
        }
        if (answer.pendingDropped() != null) {
            answer.pendingDropped().forEach(m -> lines.add(entry("would not run: ", m)));
        }
        lines.add(function(FunctionNames.ROLLBACK_CHECK, "{\"environment\":\"" + environment + "\",\"target\":\"" + answer.target() + "\"}"));
        return ChatReply.of(lines, command.shared(), 200);
    }

    /**
     * {@code rollback gprd}: how far back; a lone word that names no environment whose database has post-deploy
     * migration runs was most likely meant as a package.
     */
    private Uni<ChatReply> targets(Invocation invocation, ChatCommand command) {
        String environment = command.argument(0, ChatCommand.DEFAULT_ENVIRONMENT);
        boolean known = runs.environments().stream().anyMatch(database -> {
            try {
                return database.equals(DatabaseEnvironment.of(environment));
            } catch (TrackerException e) {
                return false;
            }
        });
        if (!known) {
            throw new BadInputException("'" + Input.shown(environment) + "' is neither a package version or SHA nor an"
                    + " environment with post-deploy migration runs (" + runs.environments().stream().map(DatabaseEnvironment::stage)
                            .collect(Collectors.joining(", ")) + "): rollback [ENVIRONMENT] [PACKAGE-OR-SHA]");
        }
        return rollbackTargets.answer(invocation, new RollbackTargets.Request(environment)).map(answer -> targets(command, answer));
    }

    /** The targets, a line each, safe or not with its risk, down to the point of no return (or the breaking point). */
    private static ChatReply targets(ChatCommand command, RollbackTargets.Answer answer) {
        List<ChatLine> lines = new ArrayList<>();
        lines.add(s -> s.bold(s.text(answer.environment()) + " can go back to " + answer.safeTargets() + " of "
                + answer.targets().size() + " earlier packages") + " (runs " + s.code(PackageVersion.shortName(answer.current())) + ")"
                + (answer.pointOfNoReturn() == null ? "" : "; point of no return " + s.code(PackageVersion.shortName(answer.pointOfNoReturn()))));
        for (RollbackTargets.Target target : answer.targets()) {
            boolean point = target.packageName().equals(answer.pointOfNoReturn());
            boolean breaking = target.packageName().equals(answer.breakingPoint());
            lines.add(s -> s.mark(target.safe() ? ":large_green_circle:" : ":red_circle:", "") + s.code(PackageVersion.shortName(target.packageName()))
                    + (target.safe() ? " safe" : " NOT safe") + " · risk " + s.text(target.risk())
                    + (point ? " · " + s.bold("point of no return") : "") + (breaking ? " · " + s.bold("breaking point") : ""));
            if (answer.breakingPoint() == null ? point : breaking) {
                break;
            }
        }
        lines.add(answer.pointOfNoReturn() == null ? function(FunctionNames.ROLLBACK_TARGETS, "{\"environment\":\"" + answer.environment() + "\"}")
                : s -> "details: " + s.code("rollback " + answer.environment() + " " + answer.pointOfNoReturn()));
        return ChatReply.of(lines, command.shared(), 200);
    }

    private Uni<ChatReply> pending(Invocation invocation, ChatCommand command) {
        return pending.answer(invocation,
                new PendingPostMigrations.Request(command.argument(0, ChatCommand.DEFAULT_ENVIRONMENT), command.argument(1, null)))
                .map(answer -> pending(command, answer));
    }

    private static ChatReply pending(ChatCommand command, PendingPostMigrations.Answer answer) {
        List<ChatLine> lines = new ArrayList<>();
        lines.add(s -> s.bold(PostMigrationEntry.count(answer.pending().size()) + " pending on " + s.text(answer.environment()))
                + (answer.executedAt() == null ? "" : " (last post-deploy migration run " + s.text(UtcTime.parse(answer.executedAt())
                        .map(UtcTime::human).orElse(answer.executedAt())) + ")"));
        answer.pending().forEach(m -> lines.add(entry("", m)));
        lines.add(function(FunctionNames.PENDING_POST_MIGRATIONS, "{\"environment\":\"" + answer.environment() + "\"}"));
        return ChatReply.of(lines, command.shared(), 200);
    }

    /** The notice of a run that starts, for Slack's incoming webhook: as {@code next}, the note linked. */
    public static ChatReply notice(NextRun.Answer answer, String noteUrl) {
        return next(answer, noteUrl, true);
    }

    /**
     * What the next run would execute, a line each, and how it would move the horizon; {@code noteUrl}: the notice
     * of a run that started (then the verdict says it starts).
     */
    private static ChatReply next(NextRun.Answer answer, String noteUrl, boolean shared) {
        List<ChatLine> lines = new ArrayList<>();
        boolean starting = noteUrl != null;
        int count = answer.postMigrations().size();
        int lost = answer.lostTargets().size();
        lines.add(s -> s.mark(lost > 0 || !answer.newlyBreaking().isEmpty() ? ":warning:" : ":information_source:", "")
                + s.bold((starting ? "Post-deploy migration run starting on " : "The next run on ") + s.text(answer.database())
                        + (starting ? ": it will execute " : " would execute ") + PostMigrationEntry.count(count))
                + (count == 0 ? "" : lost > 0 ? "; " + s.text(answer.environment()) + " loses " + lost
                        + (lost == 1 ? " rollback target" : " rollback targets")
                        : answer.newlyBreaking().isEmpty() ? "; no rollback target of " + s.text(answer.environment()) + " changes"
                        : "; older code of " + s.text(answer.environment()) + " would break"));
        answer.postMigrations().forEach(m -> lines.add(entry("", m)));
        if (lost > 0) {
            lines.add(s -> "no longer safe after it: " + String.join(", ", answer.lostTargets().stream()
                    .map(p -> s.code(PackageVersion.shortName(p))).toList()));
            lines.add(s -> "point of no return: " + point(s, answer.pointOfNoReturn()) + " → " + point(s, answer.pointOfNoReturnAfter()));
        }
        if (!answer.newlyBreaking().isEmpty()) {
            lines.add(s -> "would break, by their own code: " + String.join(", ", answer.newlyBreaking().stream()
                    .map(p -> s.code(PackageVersion.shortName(p))).toList()));
        }
        lines.add(starting ? s -> "details: " + s.address(noteUrl, "the notice")
                : function(FunctionNames.NEXT_RUN, "{\"environment\":\"" + answer.environment() + "\"}"));
        return ChatReply.of(lines, shared, 200);
    }

    private static String point(ChatLine.Style s, String packageName) {
        return packageName == null ? "none" : s.code(PackageVersion.shortName(packageName));
    }

    private Uni<ChatReply> release(Invocation invocation, ChatCommand command) {
        return release.answer(invocation, new ReleasePostMigrations.Request(command.argument(0, null)))
                .map(answer -> release(command, answer));
    }

    private static ChatReply release(ChatCommand command, ReleasePostMigrations.Answer answer) {
        long executed = answer.postMigrations().stream().filter(ReleasePostMigrations.ReleaseEntry::executedOnProduction).count();
        List<ChatLine> lines = new ArrayList<>();
        lines.add(s -> s.bold("Release " + s.text(answer.release()) + ": " + executed + " of "
                + PostMigrationEntry.count(answer.postMigrations().size()) + " executed on " + s.text(answer.productionEnvironment()))
                + " (from " + answer.packages().size() + (answer.packages().size() == 1 ? " package)" : " packages)"));
        answer.postMigrations().forEach(m -> lines.add(entry(m.executedOnProduction() ? "executed: " : "not executed: ", m.entry())));
        lines.add(s -> "details: " + s.address(answer.issueUrl(), "release issue"));
        return ChatReply.of(lines, command.shared(), 200);
    }

    /**
     * The lines a chat shows, at most {@value #MAX_SECTIONS}: the verdict first, the last line (where the details are)
     * kept, the lines between past the bound counted.
     */
    public static List<String> capped(List<String> lines) {
        if (lines.size() <= MAX_SECTIONS) {
            return lines;
        }
        List<String> capped = new ArrayList<>(lines.subList(0, MAX_SECTIONS - 2));
        capped.add("… and " + (lines.size() - MAX_SECTIONS + 1) + " more");
        capped.add(lines.get(lines.size() - 1));
        return capped;
    }
}
