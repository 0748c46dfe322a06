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
import com.gitlab.release.tracker.domain.migrations.RollbackImpact;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
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

    public ChatCommands(WhichPackage whichPackage, RollbackCheck rollbackCheck, RollbackTargets rollbackTargets,
            PendingPostMigrations pending, ReleasePostMigrations release, Runs runs) {
        this.runs = runs;
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
            case RELEASE -> release(invocation, command);
            case HELP -> Uni.createFrom().item(new ChatReply("Post-migration tracker commands:\n" + ChatCommand.USAGE,
                    List.of("*Post-migration tracker*\n" + ChatCommand.USAGE), false, 200));
        })
                .onFailure(TrackerException.class).recoverWithItem(failure -> new ChatReply("Sorry: " + failure.getMessage(),
                        List.of(":warning: " + failure.getMessage()), false, ((TrackerException) failure).status()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.error("chat command failed", failure);
                    return new ChatReply("Sorry, that failed (internal error: " + failure.getClass().getSimpleName()
                            + "); the function's log has the details", List.of(":warning: internal error, see the function's log"), false, 500);
                });
    }

    private Uni<ChatReply> which(Invocation invocation, ChatCommand command) {
        return whichPackage.answer(invocation, new WhichPackage.Request(command.argument(0, null), null)).map(answer -> which(command, answer));
    }

    private static ChatReply which(ChatCommand command, WhichPackage.Answer answer) {
        List<String> sections = answer.found().stream().map(found -> {
            String ran = found.executedOn().entrySet().stream()
                    .map(e -> Mrkdwn.text(e.getKey()) + (e.getValue() ? " :white_check_mark:" : " :hourglass:"))
                    .collect(Collectors.joining("  "));
            return "*" + Mrkdwn.text(PostMigrationRule.fileName(found.path())) + "*\ncame with " + Mrkdwn.code(found.packageName())
                    + (found.release() == null ? "" : " (" + Mrkdwn.text(found.release()) + ")")
                    + (found.mergeRequest() == null ? "" : " from " + mergeRequest(found.mergeRequest()))
                    + kind(found.database(), found.batchedBackgroundMigration()) + risk(found.rollbackRisk(), found.operations())
                    + (ran.isEmpty() ? "" : "\n" + ran) + "\n" + Mrkdwn.link(found.noteUrl(), "package note");
        }).toList();
        return new ChatReply(answer.text(), sections, command.shared(), 200);
    }

    /** {@code <url|!123> by jdoe (group::database)}, every value escaped. */
    private static String mergeRequest(MergeRequest mr) {
        if (mr.isSecurity()) {
            return MergeRequest.SECURITY;
        }
        return Mrkdwn.link(mr.url(), "!" + mr.iid()) + (mr.author() == null ? "" : " by " + Mrkdwn.text(mr.author()))
                + (mr.group() == null ? "" : " (" + Mrkdwn.text(mr.group()) + ")");
    }

    private static String risk(String rollbackRisk, List<String> operations) {
        return PostMigrationEntry.riskText(rollbackRisk, operations).map(r -> " · " + Mrkdwn.text(r)).orElse("");
    }

    private static String kind(String database, String batchedBackgroundMigration) {
        return PostMigrationEntry.kindText(database, batchedBackgroundMigration).map(k -> " · " + Mrkdwn.text(k)).orElse("");
    }

    private Uni<ChatReply> rollback(Invocation invocation, ChatCommand command) {
        String environment = command.argument(1, ChatCommand.DEFAULT_ENVIRONMENT);
        return rollbackCheck.answer(invocation, new RollbackCheck.Request(null, command.argument(0, null), environment))
                .map(answer -> rollback(command, environment, answer));
    }

    private static ChatReply rollback(ChatCommand command, String environment, RollbackCheck.Answer answer) {
        List<String> sections = new ArrayList<>();
        sections.add((answer.safe() ? ":large_green_circle: *Safe*" : ":red_circle: *NOT safe*") + " to roll "
                + Mrkdwn.text(environment) + " back to " + Mrkdwn.code(answer.target()) + " (from " + Mrkdwn.code(answer.current()) + ")"
                + (answer.reason() == null ? "" : "\nreason: " + Mrkdwn.text(answer.reason()))
                + "\nrisk: *" + Mrkdwn.text(answer.risk()) + "*" + impact(answer.risk()));
        answer.postMigrations().forEach(m -> sections.add("executed, not in target: " + entry(m)));
        if (answer.targetCode() != null) {
            answer.targetCode().forEach(v -> sections.add((v.compatible() ? "target's code survives " : "target's code breaks on ")
                    + Mrkdwn.code(PostMigrationRule.fileName(v.path())) + ": " + Mrkdwn.text(v.why())));
        }
        if (answer.whoToPage() != null) {
            answer.whoToPage().forEach(p -> sections.add(":pager: page for " + Mrkdwn.code(PostMigrationRule.fileName(p.path()))
                    + " (" + Mrkdwn.text(p.rollbackRisk()) + "): " + (p.mergeRequest() == null ? "no merge request found"
                            : mergeRequest(p.mergeRequest()))));
        }
        if (answer.pendingDropped() != null) {
            answer.pendingDropped().forEach(m -> sections.add("deployed, not executed (would not run): " + entry(m)));
        }
        return new ChatReply(answer.text(), sections, command.shared(), 200);
    }

    /** {@code (older code is compatible with what ran beyond it)}: the risk in words. */
    private static String impact(String risk) {
        return java.util.Arrays.stream(RollbackImpact.values()).filter(impact -> impact.value().equals(risk)).findFirst()
                .map(impact -> " (" + impact.description() + ")").orElse("");
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

    /** The targets in a few lines: each package, safe or not, with its risk; the point of no return marked. */
    private static ChatReply targets(ChatCommand command, RollbackTargets.Answer answer) {
        List<String> sections = new ArrayList<>();
        sections.add("*How far back " + Mrkdwn.text(answer.environment()) + " can go* (runs " + Mrkdwn.code(answer.current()) + "): "
                + answer.safeTargets() + " of " + answer.targets().size() + " earlier packages safe");
        for (RollbackTargets.Target target : answer.targets()) {
            boolean point = target.packageName().equals(answer.pointOfNoReturn());
            boolean breaking = target.packageName().equals(answer.breakingPoint());
            sections.add((target.safe() ? ":large_green_circle: " : ":red_circle: ") + Mrkdwn.code(target.packageName())
                    + (target.safe() ? " safe" : " NOT safe") + " · risk " + Mrkdwn.text(target.risk())
                    + (point ? " · *point of no return*" : "") + (breaking ? " · *breaking point*" : ""));
            if (answer.breakingPoint() == null ? point : breaking) {
                break;
            }
        }
        return new ChatReply(answer.text(), sections, command.shared(), 200);
    }

    private Uni<ChatReply> pending(Invocation invocation, ChatCommand command) {
        return pending.answer(invocation,
                new PendingPostMigrations.Request(command.argument(0, ChatCommand.DEFAULT_ENVIRONMENT), command.argument(1, null)))
                .map(answer -> pending(command, answer));
    }

    private static ChatReply pending(ChatCommand command, PendingPostMigrations.Answer answer) {
        List<String> sections = new ArrayList<>();
        sections.add("*" + answer.pending().size() + " pending on " + Mrkdwn.text(answer.environment()) + "*"
                + (answer.executedAt() == null ? "" : " (last post-deploy migration run " + Mrkdwn.text(answer.executedAt()) + ")"));
        answer.pending().forEach(m -> sections.add(entry(m)));
        return new ChatReply(answer.text(), sections, command.shared(), 200);
    }

    private Uni<ChatReply> release(Invocation invocation, ChatCommand command) {
        return release.answer(invocation, new ReleasePostMigrations.Request(command.argument(0, null)))
                .map(answer -> release(command, answer));
    }

    private static ChatReply release(ChatCommand command, ReleasePostMigrations.Answer answer) {
        long executed = answer.postMigrations().stream().filter(ReleasePostMigrations.ReleaseEntry::executedOnProduction).count();
        String text = answer.release() + ": " + PostMigrationEntry.count(answer.postMigrations().size()) + " from "
                + answer.packages().size() + (answer.packages().size() == 1 ? " package" : " packages") + ", " + executed
                + " executed on " + answer.productionEnvironment()
                + (answer.notExecuted().isEmpty() ? "" : "; not executed yet: "
                        + answer.notExecuted().stream().map(PostMigrationRule::fileName).collect(Collectors.joining(", ")))
                + ". " + answer.issueUrl();
        List<String> sections = new ArrayList<>();
        sections.add("*Release " + Mrkdwn.text(answer.release()) + "*: " + executed + " of " + answer.postMigrations().size()
                + " post-deployment migrations executed on " + Mrkdwn.text(answer.productionEnvironment()) + "\n"
                + Mrkdwn.link(answer.issueUrl(), "release issue"));
        answer.postMigrations().forEach(m -> sections.add((m.executedOnProduction() ? ":white_check_mark: " : ":hourglass: ")
                + entry(m.entry())));
        return new ChatReply(text, sections, command.shared(), 200);
    }

    private static String entry(PostMigrationEntry m) {
        return Mrkdwn.code(PostMigrationRule.fileName(m.path())) + (m.packageName() == null ? "" : " from " + Mrkdwn.code(m.packageName()))
                + kind(m.database(), m.batchedBackgroundMigration()) + risk(m.rollbackRisk(), m.operations())
                + (m.mergeRequest() == null ? "" : " · " + mergeRequest(m.mergeRequest()));
    }

    /** The sections a chat shows, at most {@value #MAX_SECTIONS}: the rest is counted in the last one. */
    public static List<String> capped(List<String> sections) {
        if (sections.size() <= MAX_SECTIONS) {
            return sections;
        }
        List<String> capped = new ArrayList<>(sections.subList(0, MAX_SECTIONS - 1));
        capped.add("… and " + (sections.size() - MAX_SECTIONS + 1) + " more: ask the JSON function for the full list");
        return capped;
    }
}
