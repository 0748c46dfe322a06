package com.gitlab.release.tracker.domain.migrations;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.gitlab.release.tracker.domain.migrations.MigrationSource.Call;
import com.gitlab.release.tracker.domain.migrations.RollbackRules.Effect;

/**
 * What a post-deployment migration does, read from its Ruby source: which database it runs on, whether it queues,
 * finalizes or deletes a batched background migration, and what rolling back to a package without it would break
 * ({@link RollbackRisk}, with its {@code operations}). Release managers need the first two when a post-deploy
 * migration pipeline fails (a finalizing migration fails when its background migration has not finished; a
 * CI-database migration runs against another database), and the last when they decide a rollback.
 *
 * @param operations what it does, as short strings with their tables and columns ({@code remove_column users.state}),
 *        in the order of the code, at most {@value #MAX_OPERATIONS}
 */
public record MigrationKind(Database database, Optional<BatchedMigrationStep> batchedBackgroundMigration,
        RollbackRisk rollbackRisk, List<String> operations) {

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

    /**
     * The longest source classified whole (256 KiB; GitLab's post-migrations are a few KB): a longer one is
     * {@code unknown}, its database read from its beginning.
     */
    public static final int MAX_SOURCE = 256 * 1024;
    /** Operations listed at most; the rest are counted. */
    static final int MAX_OPERATIONS = 20;
    static final String GEO_FOLDER = "ee/db/geo/post_migrate/";

    public MigrationKind {
        batchedBackgroundMigration = batchedBackgroundMigration == null ? Optional.empty() : batchedBackgroundMigration;
        rollbackRisk = rollbackRisk == null ? RollbackRisk.UNKNOWN : rollbackRisk;
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    /** Only where it runs and what it does to a batched background migration (tests, older callers). */
    public MigrationKind(Database database, Optional<BatchedMigrationStep> batchedBackgroundMigration) {
        this(database, batchedBackgroundMigration, RollbackRisk.NONE, List.of());
    }

    /**
     * Classifies the migration at {@code path} from its {@code source}, in time linear in the source's length. The
     * database is {@code geo} for files in the Geo folder; else by the schema the migration restricts itself to:
     * {@code :gitlab_ci} is {@code ci}, {@code :gitlab_sec} is {@code sec}, any {@code :gitlab_main*} or none is
     * {@code main}. Everything else is read from the code outside its {@code down} method, which undoes it: the
     * batched background migration step (finalize wins over queue, and queue over delete: a re-queue deletes, then
     * queues) and the operations, judged by the {@link RollbackRules}. A guarded operation ({@code return unless
     * Gitlab.com?}) counts: it is what the file may do. The class is the gravest of its operations', in the order
     * destructive, unknown, writes, index, none: unknown before writes, since an operation the rules cannot judge
     * may be destructive, and every verdict weighs unknown as destructive. No operation at all (an empty {@code up})
     * is {@code none}.
     */
    public static MigrationKind classify(String path, String source) {
        String text = source == null ? "" : source;
        boolean geo = path != null && path.startsWith(GEO_FOLDER);
        if (text.length() > MAX_SOURCE) {
            MigrationSource beginning = MigrationSource.read(text.substring(0, MAX_SOURCE));
            return new MigrationKind(geo ? Database.GEO : databaseOf(beginning), Optional.empty(), RollbackRisk.UNKNOWN,
                    List.of("not read whole: " + text.length() + " characters, more than " + MAX_SOURCE));
        }
        MigrationSource code = MigrationSource.read(text);
        List<Effect> effects = RollbackRules.effects(code);
        RollbackRisk risk = RollbackRisk.NONE;
        Set<String> operations = new LinkedHashSet<>();
        for (Effect effect : effects) {
            risk = risk.graver(effect.risk());
            operations.add(effect.operation());
        }
        return new MigrationKind(geo ? Database.GEO : databaseOf(code), stepOf(code), risk, capped(new ArrayList<>(operations)));
    }

    /** The operations and the rules that judged them, for the rules' tests. */
    static List<Effect> effects(String source) {
        return RollbackRules.effects(MigrationSource.read(source));
    }

    private static List<String> capped(List<String> operations) {
        if (operations.size() <= MAX_OPERATIONS) {
            return operations;
        }
        List<String> capped = new ArrayList<>(operations.subList(0, MAX_OPERATIONS - 1));
        capped.add("… and " + (operations.size() - MAX_OPERATIONS + 1) + " more");
        return capped;
    }

    private static Database databaseOf(MigrationSource code) {
        for (Call call : code.calls()) {
            if (call.receiver() == null && call.name().equals("restrict_gitlab_migration")) {
                String schema = RollbackRules.Arguments.of(code, call).option("gitlab_schema").orElse("");
                return switch (schema) {
                    case "gitlab_ci" -> Database.CI;
                    case "gitlab_sec" -> Database.SEC;
                    default -> Database.MAIN;
                };
            }
        }
        return Database.MAIN;
    }

    private static Optional<BatchedMigrationStep> stepOf(MigrationSource code) {
        BatchedMigrationStep step = null;
        for (Call call : code.calls()) {
            if (call.receiver() != null) {
                continue;
            }
            BatchedMigrationStep found = switch (call.name()) {
                case "ensure_batched_background_migration_is_finished", "finalize_batched_background_migration" ->
                        BatchedMigrationStep.FINALIZE;
                case "queue_batched_background_migration" -> BatchedMigrationStep.QUEUE;
                case "delete_batched_background_migration" -> BatchedMigrationStep.DELETE;
                default -> null;
            };
            if (found != null && (step == null || precedence(found) > precedence(step))) {
                step = found;
            }
        }
        return Optional.ofNullable(step);
    }

    /** Finalize wins over queue, queue over delete. */
    private static int precedence(BatchedMigrationStep step) {
        return switch (step) {
            case FINALIZE -> 3;
            case QUEUE -> 2;
            case DELETE -> 1;
        };
    }

    /** For notes and chat: {@code ci · finalizes a batched background migration}, or just {@code main}. */
    public String describe() {
        return database.value() + batchedBackgroundMigration.map(step -> " · " + step.description()).orElse("");
    }
}
