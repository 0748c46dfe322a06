package com.gitlab.release.tracker.chat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A chat command's text, as typed after {@code /post-migrations} in Slack or {@code /chatops run post_migrations}:
 * {@code which <migration>}, {@code rollback <target> [environment]}, {@code pending [environment]},
 * {@code release <X.Y>}, {@code help}. Anything else is help. A trailing {@code --public} shares the answer with the
 * channel.
 */
public record ChatCommand(Kind kind, List<String> arguments, boolean shared) {

    public enum Kind {
        WHICH, ROLLBACK, PENDING, RELEASE, HELP
    }

    public static final String PUBLIC_FLAG = "--public";
    public static final String DEFAULT_ENVIRONMENT = "gprd";

    /** Without angle brackets, which Slack would read as links. */
    public static final String USAGE = String.join("\n",
            "which MIGRATION: which package brought a post-migration, and where it has run (e.g. which 20220201173212)",
            "rollback PACKAGE-OR-SHA [ENVIRONMENT]: can we roll back to it (default environment gprd)",
            "pending [ENVIRONMENT]: post-migrations deployed but not executed (default gprd)",
            "release X.Y: post-migrations of a monthly release, executed on production or not",
            "help: this list. Add --public to share the answer with the channel.");

    public ChatCommand {
        arguments = List.copyOf(arguments);
    }

    public static ChatCommand parse(String text) {
        List<String> words = text == null ? List.of()
                : Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        boolean shared = !words.isEmpty() && words.get(words.size() - 1).equalsIgnoreCase(PUBLIC_FLAG);
        List<String> rest = shared ? words.subList(0, words.size() - 1) : words;
        if (rest.isEmpty()) {
            return new ChatCommand(Kind.HELP, List.of(), shared);
        }
        List<String> arguments = rest.subList(1, rest.size());
        Kind kind = switch (rest.get(0).toLowerCase(Locale.ROOT)) {
            case "which" -> arguments.size() == 1 ? Kind.WHICH : Kind.HELP;
            case "rollback" -> arguments.size() == 1 || arguments.size() == 2 ? Kind.ROLLBACK : Kind.HELP;
            case "pending" -> arguments.size() <= 1 ? Kind.PENDING : Kind.HELP;
            case "release" -> arguments.size() == 1 ? Kind.RELEASE : Kind.HELP;
            default -> Kind.HELP;
        };
        return new ChatCommand(kind, kind == Kind.HELP ? List.of() : arguments, shared);
    }

    /** The argument at {@code index}, or {@code fallback} when absent. */
    public String argument(int index, String fallback) {
        return index < arguments.size() ? arguments.get(index) : fallback;
    }
}
