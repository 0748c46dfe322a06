package com.gitlab.release.tracker.domain.migrations;


import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.google.re2j.Pattern;

/**
 * A post-migration as a release manager names it: its version ({@code 20220201173212}), its file name
 * ({@code 20220201173212_add_user_details_provisioning_index.rb}), its path ({@code db/post_migrate/...rb}), or a
 * fragment of its file name: a version's prefix ({@code 2022020712}), words of its name ({@code legacy_state},
 * {@code remove namespaces}: each word must be in the name), the name without {@code .rb}.
 */
public record MigrationQuery(Kind kind, String text) {

    public enum Kind { VERSION, FILE_NAME, PATH, FRAGMENT }

    private static final Pattern VERSION = Pattern.compile("\\d{14}");
    private static final Pattern FILE_NAME = Pattern.compile("\\d{14}_[A-Za-z0-9_]+\\.rb");
    /** Words of letters, digits and {@code _} (a name's), apart by spaces; at least three characters in all. */
    private static final Pattern FRAGMENT = Pattern.compile("[A-Za-z0-9_]+( [A-Za-z0-9_]+){0,4}");
    private static final int MIN_FRAGMENT = 3;
    private static final int MAX_FRAGMENT = 200;

    public static MigrationQuery parse(String text) {
        String t = text == null ? "" : text.trim();
        if (VERSION.matcher(t).matches()) {
            return new MigrationQuery(Kind.VERSION, t);
        }
        if (FILE_NAME.matcher(t).matches()) {
            return new MigrationQuery(Kind.FILE_NAME, t);
        }
        if (t.contains("/") && t.endsWith(".rb")) {
            return new MigrationQuery(Kind.PATH, t);
        }
        if (t.length() >= MIN_FRAGMENT && t.length() <= MAX_FRAGMENT && FRAGMENT.matcher(t).matches()) {
            return new MigrationQuery(Kind.FRAGMENT, t.toLowerCase(java.util.Locale.ROOT));
        }
        throw new BadInputException("migration: '" + Input.shown(text) + "' is not a migration version (20220201173212), its"
                + " prefix (2022020117), words of its file name (add_user_details or add user details: letters, digits and _,"
                + " at least " + MIN_FRAGMENT + " characters), a file name (20220201173212_add_user_details_provisioning_index.rb)"
                + " or a path (db/post_migrate/....rb)");
    }

    public boolean matches(String path) {
        String fileName = PostMigrationRule.fileName(path);
        return switch (kind) {
            case VERSION -> fileName.startsWith(text + "_");
            case FILE_NAME -> fileName.equals(text);
            case PATH -> path.equals(text);
            case FRAGMENT -> fragmentOf(fileName.toLowerCase(java.util.Locale.ROOT));
        };
    }

    /** Each word in the name; a word of digits only is the version's prefix. */
    private boolean fragmentOf(String fileName) {
        for (String word : text.split(" ")) {
            boolean digits = word.chars().allMatch(c -> c >= '0' && c <= '9');
            if (digits ? !fileName.startsWith(word) : !fileName.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /** Whether several post-migrations may answer: a fragment names candidates, the others one file. */
    public boolean mayMatchSeveral() {
        return kind == Kind.FRAGMENT;
    }
}
