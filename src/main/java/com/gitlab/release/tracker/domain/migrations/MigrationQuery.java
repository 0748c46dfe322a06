package com.gitlab.release.tracker.domain.migrations;


import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.google.re2j.Pattern;

/**
 * A post-migration as a release manager names it: its version ({@code 20220201173212}), its file name
 * ({@code 20220201173212_add_user_details_provisioning_index.rb}) or its path ({@code db/post_migrate/...rb}).
 */
public record MigrationQuery(Kind kind, String text) {

    public enum Kind { VERSION, FILE_NAME, PATH }

    private static final Pattern VERSION = Pattern.compile("\\d{14}");
    private static final Pattern FILE_NAME = Pattern.compile("\\d{14}_[A-Za-z0-9_]+\\.rb");

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
        throw new BadInputException("migration: '" + Input.shown(text) + "' is not a migration version (20220201173212), file name "
                + "(20220201173212_add_user_details_provisioning_index.rb) or path (db/post_migrate/....rb)");
    }

    public boolean matches(String path) {
        String fileName = PostMigrationRule.fileName(path);
        return switch (kind) {
            case VERSION -> fileName.startsWith(text + "_");
            case FILE_NAME -> fileName.equals(text);
            case PATH -> path.equals(text);
        };
    }
}
