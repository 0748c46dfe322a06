package com.gitlab.release.tracker.domain.migrations;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.gitlab.release.tracker.domain.releases.Release;

/**
 * What a post-deployment migration does, read from its Ruby source: which database it runs on, and whether it
 * queues, finalizes or deletes a batched background migration. Release managers need both when a post-deploy
 * migration pipeline fails: a finalizing migration fails when its background migration has not finished, and a
 * CI-database migration runs against another database.
 */
public record MigrationKind(Database database, Optional<BatchedMigrationStep> batchedBackgroundMigration) {

    /** The database a post-migration runs on: GitLab.com has main, CI and sec databases; Geo has its own. */
    public enum Database {
        MAIN, CI, SEC, GEO;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a post-migration does to a batched background migration. */
    public enum BatchedMigrationStep {
        QUEUE("queues a batched background migration"),
        FINALIZE("finalizes a batched background migration"),
        DELETE("deletes a batched background migration");

        private final String description;

        BatchedMigrationStep(String description) {
            this.description = description;
        }

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String description() {
            return description;
        }
    }

    static final String GEO_FOLDER = "ee/db/geo/post_migrate/";
    /** The schema a migration restricts itself to: {@code restrict_gitlab_migration gitlab_schema: :gitlab_ci}. */
    private static final Pattern SCHEMA = Pattern.compile("restrict_gitlab_migration\\s*\\(?\\s*gitlab_schema:\\s*:(\\w+)");
    private static final Pattern QUEUE = Pattern.compile("\\bqueue_batched_background_migration\\b");
    private static final Pattern FINALIZE = Pattern.compile(
            "\\b(ensure_batched_background_migration_is_finished|finalize_batched_background_migration)\\b");
    private static final Pattern DELETE = Pattern.compile("\\bdelete_batched_background_migration\\b");
    /** The {@code up} (or {@code change}) method: from its {@code def} to the next {@code def} at that indentation. */
    private static final Pattern UP = Pattern.compile("(?m)^([ \\t]*)def (?:up|change)\\b(.*?)(?=^\\1def |\\z)", Pattern.DOTALL);

    public MigrationKind {
        batchedBackgroundMigration = batchedBackgroundMigration == null ? Optional.empty() : batchedBackgroundMigration;
    }

    /**
     * Classifies the migration at {@code path} from its {@code source}. The database is {@code geo} for files in
     * the Geo folder; else by the schema the migration restricts itself to: {@code :gitlab_ci} is {@code ci},
     * {@code :gitlab_sec} is {@code sec}, any {@code :gitlab_main*} (main, cell, org, clusterwide) or none is
     * {@code main}. The batched background migration step is read from the {@code up} method when there is one
     * (its {@code down} usually undoes it: a queueing migration deletes in {@code down}); when the method calls
     * several, finalize wins over queue, and queue over delete (a re-queue deletes, then queues).
     */
    public static MigrationKind classify(String path, String source) {
        String code = withoutComments(source == null ? "" : source);
        Database database = path != null && path.startsWith(GEO_FOLDER) ? Database.GEO : databaseOf(code);
        Matcher up = UP.matcher(code);
        String body = up.find() ? up.group(2) : code;
        BatchedMigrationStep step = FINALIZE.matcher(body).find() ? BatchedMigrationStep.FINALIZE
                : QUEUE.matcher(body).find() ? BatchedMigrationStep.QUEUE
                : DELETE.matcher(body).find() ? BatchedMigrationStep.DELETE
                : null;
        return new MigrationKind(database, Optional.ofNullable(step));
    }

    private static Database databaseOf(String code) {
        Matcher schema = SCHEMA.matcher(code);
        if (!schema.find()) {
            return Database.MAIN;
        }
        return switch (schema.group(1)) {
            case "gitlab_ci" -> Database.CI;
            case "gitlab_sec" -> Database.SEC;
            default -> Database.MAIN;
        };
    }

    /** For notes and chat: {@code ci · finalizes a batched background migration}, or just {@code main}. */
    public String describe() {
        return database.value() + batchedBackgroundMigration.map(step -> " · " + step.description()).orElse("");
    }

    private static String withoutComments(String source) {
        StringBuilder code = new StringBuilder(source.length());
        for (String line : source.split("\n", -1)) {
            if (!line.stripLeading().startsWith("#")) {
                code.append(line).append('\n');
            }
        }
        return code.toString();
    }
}
