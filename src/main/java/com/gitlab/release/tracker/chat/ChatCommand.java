package com.gitlab.release.tracker.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.PackageVersion;

/**
 * A chat command's text, as typed after {@code /post-migrations} in Slack or {@code /chatops run post_migrations}:
 * {@code which <migration>}, {@code rollback [environment] <target>}, {@code rollback [environment]} (how far back),
 * {@code pending [environment] [package]},
 * {@code release <X.Y>}, {@code help}. Anything else is help. A trailing {@code --public} shares the answer with the
 * channel. The environment may come before or after the package or SHA, as in release-tools' own commands
 * ({@code rollback check gprd ...}): a word that is a package version or a SHA is the package, the other the
 * environment. The arguments are kept in one order: {@code rollback} target then environment, {@code pending}
 * environment then package.
 */
public record ChatCommand(Kind kind, List<String> arguments, boolean shared) {

    public enum Kind {
        WHICH, ROLLBACK, TARGETS, PENDING, RELEASE, HELP
    }

    public static final String PUBLIC_FLAG = "--public";
    public static final String DEFAULT_ENVIRONMENT = "gprd";

    /** Without angle brackets, which Slack would read as links. */
    public static final String USAGE = String.join("\n",
            "which MIGRATION: which package brought a post-migration, and where it has run (e.g. which 20220201173212)",
            "rollback [ENVIRONMENT] PACKAGE-OR-SHA: can we roll back to it, and what would it break (default environment gprd; e.g. rollback gprd 14.8.202202080920-97d6e07c2a1.4ce763dbce1)",
            "rollback [ENVIRONMENT]: how far back can we go: the last packages, each safe or not, and the point of no return",
            "pending [ENVIRONMENT] [PACKAGE-OR-SHA]: post-migrations deployed (or in that package) but not executed (default gprd)",
            "release X.Y: post-migrations of a monthly release, executed on production or not",
            "help: this list. Add --public to share the answer with the channel.");

    public ChatCommand {
        arguments = List.copyOf(arguments);
    }

    public static ChatCommand parse(String text) {
        List<String> words = words(text);
        boolean shared = !words.isEmpty() && words.get(words.size() - 1).equalsIgnoreCase(PUBLIC_FLAG);
        List<String> rest = shared ? words.subList(0, words.size() - 1) : words;
        if (rest.isEmpty()) {
            return new ChatCommand(Kind.HELP, List.of(), shared);
        }
        List<String> arguments = rest.subList(1, rest.size());
        Kind kind = switch (rest.get(0).toLowerCase(Locale.ROOT)) {
            case "which" -> arguments.size() == 1 ? Kind.WHICH : Kind.HELP;
            case "rollback" -> arguments.isEmpty() || arguments.size() == 1 && !namesPackage(arguments.get(0)) ? Kind.TARGETS
                    : arguments.size() <= 2 ? Kind.ROLLBACK : Kind.HELP;
            case "pending" -> arguments.size() <= 2 ? Kind.PENDING : Kind.HELP;
            case "release" -> arguments.size() == 1 ? Kind.RELEASE : Kind.HELP;
            default -> Kind.HELP;
        };
        return new ChatCommand(kind, switch (kind) {
            case ROLLBACK -> packageFirst(arguments);
            case PENDING -> environmentFirst(arguments);
            case HELP -> List.of();
            default -> arguments;
        }, shared);
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
