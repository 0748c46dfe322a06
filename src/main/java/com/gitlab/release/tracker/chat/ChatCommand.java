package com.gitlab.release.tracker.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.PackageVersion;

/**
 * A chat command's text, as typed after {@code /post-migrations} in Slack or {@code /chatops run post_migrations}:
 * {@code which <fragment>}, {@code rollback [environment] <target>}, {@code rollback [environment]} (how far back),
 * {@code pending [environment] [package]}, {@code next [environment]}, {@code release <X.Y>}, {@code help}. A trailing {@code --public} shares
 * the answer with the channel (Slack). The environment may come before or after the package or SHA, as in
 * release-tools' own commands ({@code rollback check gprd ...}): a word that is a package version or a SHA is the
 * package, the other the environment. The arguments are kept in one order: {@code rollback} target then
 * environment, {@code pending} environment then package.
 * <p>
 * Common phrasings are read as their command: the verb may follow filler words ({@code can we roll back gprd?},
 * {@code what is pending on gstg}, {@code how far back can gprd go}), and filler words among the arguments
 * ({@code check}, {@code to}, {@code on}, ...) are dropped. Anything else is {@link Kind#UNKNOWN}: the help, as a
 * failure.
 */
public record ChatCommand(Kind kind, List<String> arguments, boolean shared) {

    /** {@code HELP} was asked for; {@code UNKNOWN} was not understood (the help, answered as a 400). */
    public enum Kind {
        WHICH, ROLLBACK, TARGETS, PENDING, NEXT, RELEASE, HELP, UNKNOWN
    }

    public static final String PUBLIC_FLAG = "--public";
    public static final String DEFAULT_ENVIRONMENT = "gprd";

    /** Without angle brackets, which Slack would read as links. */
    public static final String USAGE = String.join("\n",
            "which MIGRATION: which package brought a post-migration, and where it ran (a version, its prefix or words of its name: which 2022020712, which legacy_state)",
            "rollback [ENVIRONMENT] PACKAGE-OR-SHA: can we roll back to it, what would it break, who to page (default gprd; e.g. rollback gprd 97d6e07c2a1)",
            "rollback [ENVIRONMENT]: how far back can we go: the last packages, each safe or not, and the point of no return",
            "pending [ENVIRONMENT] [PACKAGE-OR-SHA]: post-migrations deployed (or in that package) but not executed (default gprd)",
            "next [ENVIRONMENT]: what the next post-deploy migration run would execute, and what it would cost the rollback (default gprd)",
            "release X.Y: post-migrations of a monthly release, executed on production or not",
            "help: this list");
    /** What only Slack does: ChatOps posts every reply to the channel. */
    public static final String SLACK_USAGE = USAGE + ". Add --public to share the answer with the channel.";

    /** Words around a command that say nothing to it: {@code can we roll back gprd?}, {@code rollback check gprd}. */
    private static final Set<String> FILLERS = Set.of("can", "could", "we", "i", "you", "please", "check", "to", "on", "in", "for",
            "the", "is", "it", "are", "safe", "go", "what", "what's", "whats", "how", "far", "from", "of", "now",
            "still", "do", "does", "did", "tell", "me", "show", "list", "env", "environment", "will", "would", "execute", "run", "runs");
    /** Words of a {@code which} question that are not the migration: {@code which package brought legacy_state}. */
    private static final Set<String> WHICH_FILLERS = Set.of("package", "packages", "brought", "introduced", "added", "has", "had",
            "did", "does", "is", "the", "migration", "post-migration", "post-deployment", "post_migration", "postmigration",
            "come", "came", "with", "ran", "run", "in", "to", "a");
    /** The most words a question may have: a chat line, not a text. */
    private static final int MAX_WORDS = 20;

    public ChatCommand {
        arguments = List.copyOf(arguments);
    }

    public static ChatCommand parse(String text) {
        List<String> words = words(text);
        boolean shared = !words.isEmpty() && words.get(words.size() - 1).equalsIgnoreCase(PUBLIC_FLAG);
        List<String> rest = new ArrayList<>(shared ? words.subList(0, words.size() - 1) : words);
        if (rest.isEmpty() || rest.size() == 1 && normal(rest.get(0)).equals("help")) {
            return new ChatCommand(Kind.HELP, List.of(), shared);
        }
        if (rest.size() > MAX_WORDS) {
            return new ChatCommand(Kind.UNKNOWN, List.of(), shared);
        }
        int at = 0;
        while (at < rest.size() && FILLERS.contains(normal(rest.get(at)))) {
            at++;
        }
        if (at >= rest.size()) {
            return new ChatCommand(Kind.UNKNOWN, List.of(), shared);
        }
        // "how far back" asks for the targets; "roll back" and "roll gprd back" are "rollback" ("back" is no argument).
        boolean howFar = rest.subList(0, at).stream().map(ChatCommand::normal).anyMatch("far"::equals);
        String verb = normal(rest.get(at));
        boolean back = rest.subList(at + 1, rest.size()).stream().map(ChatCommand::normal).anyMatch("back"::equals);
        if (verb.equals("roll") && back || verb.equals("back") && howFar) {
            verb = "rollback";
        }
        List<String> after = rest.subList(at + 1, rest.size());
        List<String> arguments = (verb.equals("which") ? after.stream().filter(w -> !WHICH_FILLERS.contains(normal(w)))
                : after.stream().filter(w -> !FILLERS.contains(normal(w)) && !normal(w).equals("back")))
                .map(ChatCommand::trimmed).filter(w -> !w.isEmpty()).toList();
        Kind kind = switch (verb) {
            case "which", "where", "find" -> arguments.isEmpty() ? Kind.UNKNOWN : Kind.WHICH;
            case "rollback", "roll-back", "rollbacks" -> arguments.isEmpty() || arguments.size() == 1 && !namesPackage(arguments.get(0))
                    ? Kind.TARGETS : arguments.size() <= 2 ? Kind.ROLLBACK : Kind.UNKNOWN;
            case "pending" -> arguments.size() <= 2 ? Kind.PENDING : Kind.UNKNOWN;
            case "next" -> arguments.size() <= 1 ? Kind.NEXT : Kind.UNKNOWN;
            case "release" -> arguments.size() == 1 ? Kind.RELEASE : Kind.UNKNOWN;
            case "help" -> Kind.HELP;
            default -> Kind.UNKNOWN;
        };
        return new ChatCommand(kind, switch (kind) {
            case ROLLBACK -> packageFirst(arguments);
            case PENDING -> environmentFirst(arguments);
            // The words of a name typed apart: "which remove namespaces" looks for both.
            case WHICH -> List.of(String.join(" ", arguments));
            case HELP, UNKNOWN -> List.of();
            default -> arguments;
        }, shared);
    }

    /** A word as compared with the command's words: lower case, without the punctuation a question ends with. */
    private static String normal(String word) {
        return trimmed(word).toLowerCase(Locale.ROOT);
    }

    /** A word without a trailing {@code ?}, {@code !}, {@code ,} or {@code :} (a dot may end a version, so it stays). */
    private static String trimmed(String word) {
        int end = word.length();
        while (end > 0 && "?!,:".indexOf(word.charAt(end - 1)) >= 0) {
            end--;
        }
        return word.substring(0, end);
    }

    /** The words of a text, split at white space by a plain scan (the text is the caller's). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (space && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words;
    }

    /** Whether a word names a package: an auto-deploy version or a commit SHA. */
    static boolean namesPackage(String word) {
        return PackageVersion.looksLikeVersion(word) || CommitSha.isSha(word);
    }

    /**
     * [package, environment], whichever order they were typed in; when neither names a package (a mistyped
     * version), the one that looks like an environment is the environment, so that the error names the other.
     */
    private static List<String> packageFirst(List<String> arguments) {
        boolean swap = arguments.size() == 2 && !namesPackage(arguments.get(0)) && (namesPackage(arguments.get(1))
                || looksLikeEnvironment(arguments.get(0)) && !looksLikeEnvironment(arguments.get(1)));
        return swap ? List.of(arguments.get(1), arguments.get(0)) : arguments;
    }

    /** {@code gprd}, {@code gstg-cny}, {@code db/gprd}: letters, {@code -}, {@code _} and {@code /}, no digit or dot. */
    static boolean looksLikeEnvironment(String word) {
        return !word.isEmpty() && word.length() <= 100 && word.chars().allMatch(c -> c < 128 && Character.isLetter(c) || c == '-'
                || c == '_' || c == '/');
    }

    /** [environment, package], whichever order they were typed in; a lone package is for the default environment. */
    private static List<String> environmentFirst(List<String> arguments) {
        if (arguments.size() == 1 && namesPackage(arguments.get(0))) {
            return List.of(DEFAULT_ENVIRONMENT, arguments.get(0));
        }
        return arguments.size() == 2 && namesPackage(arguments.get(0)) && !namesPackage(arguments.get(1))
                ? List.of(arguments.get(1), arguments.get(0)) : arguments;
    }

    /** The argument at {@code index}, or {@code fallback} when absent. */
    public String argument(int index, String fallback) {
        return index < arguments.size() ? arguments.get(index) : fallback;
    }
}
