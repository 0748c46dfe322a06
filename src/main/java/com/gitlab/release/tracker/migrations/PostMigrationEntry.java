package com.gitlab.release.tracker.migrations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.migrations.MigrationRisk;
import com.gitlab.release.tracker.domain.migrations.PostMigrationRule;
import com.gitlab.release.tracker.domain.migrations.RollbackRisk;
import com.gitlab.release.tracker.domain.notes.Introduction;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A post-migration as answers list it: its path, the package that introduced it ({@code null} when no package note
 * names it), the database it runs on ({@code main}, {@code ci}, {@code sec}, {@code geo}), what it does to a
 * batched background migration ({@code queue}, {@code finalize}, {@code delete}), both left out when its file
 * could not be read, what rolling back to a package without it would break ({@code rollbackRisk}: {@code destructive},
 * {@code writes}, {@code index}, {@code none}, {@code unknown}, with its {@code operations}; {@code unknown} with no
 * operation when its file could not be read and no note recorded it), and the merge request that added it (left out
 * when none was found).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostMigrationEntry(String path, @JsonProperty("package") String packageName, String database,
        String batchedBackgroundMigration, String rollbackRisk, List<String> operations, MergeRequest mergeRequest) {

    /** How many operations a chat line shows. */
    private static final int SHOWN_OPERATIONS = 3;

    public static PostMigrationEntry of(String path, Map<String, Introduction> introductions, Map<String, MigrationKind> kinds) {
        MigrationKind kind = kinds.get(path);
        Introduction introduction = introductions.getOrDefault(path, Introduction.UNKNOWN);
        return new PostMigrationEntry(path, introduction.packageName(), kind == null ? null : kind.database().value(),
                kind == null ? null : kind.batchedBackgroundMigration().map(MigrationKind.BatchedMigrationStep::value).orElse(null),
                kind == null ? RollbackRisk.UNKNOWN.value() : kind.rollbackRisk().value(),
                kind == null ? List.of() : kind.operations(), introduction.mergeRequest());
    }

    public static List<PostMigrationEntry> all(Collection<String> paths, Map<String, Introduction> introductions,
            Map<String, MigrationKind> kinds) {
        return paths.stream().sorted().map(path -> of(path, introductions, kinds)).toList();
    }

    /** The same, the rollback risk taken from what a package note recorded where the file could not be read. */
    public static List<PostMigrationEntry> all(Collection<String> paths, Map<String, Introduction> introductions,
            Map<String, MigrationKind> kinds, Map<String, MigrationRisk> recorded) {
        return paths.stream().sorted().map(path -> {
            PostMigrationEntry entry = of(path, introductions, kinds);
            MigrationRisk risk = recorded.get(path);
            return kinds.containsKey(path) || risk == null ? entry
                    : new PostMigrationEntry(path, entry.packageName(), entry.database(), entry.batchedBackgroundMigration(),
                            risk.risk().value(), risk.operations(), entry.mergeRequest());
        }).toList();
    }

    /** Its rollback risk: the one its file was classified with, else {@link RollbackRisk#UNKNOWN} (it could not be read). */
    public RollbackRisk risk() {
        RollbackRisk risk = RollbackRisk.read(rollbackRisk);
        return risk == null ? RollbackRisk.UNKNOWN : risk;
    }

    /** Its risk as a note records it. */
    public MigrationRisk migrationRisk() {
        return new MigrationRisk(risk().value(), operations);
    }

    /** For chat: {@code 20220201173212_x.rb (14.8.2022..., ci · finalizes a batched background migration)}. */
    public String describe() {
        List<String> details = new ArrayList<>();
        if (packageName != null) {
            details.add(packageName);
        }
        kindText(database, batchedBackgroundMigration).ifPresent(details::add);
        riskText(rollbackRisk, operations).ifPresent(details::add);
        if (mergeRequest != null) {
            details.add(mergeRequest.describe());
        }
        String name = PostMigrationRule.fileName(path);
        return details.isEmpty() ? name : name + " (" + String.join(", ", details) + ")";
    }

    /** {@code ci · finalizes a batched background migration}; empty when the file was not classified. */
    public static Optional<String> kindText(String database, String batchedBackgroundMigration) {
        if (database == null) {
            return Optional.empty();
        }
        return Optional.of(database + (batchedBackgroundMigration == null ? "" : " · "
                + MigrationKind.BatchedMigrationStep.valueOf(batchedBackgroundMigration.toUpperCase(Locale.ROOT)).description()));
    }

    /**
     * {@code destructive: remove_column users.state}: the risk when it is one (not {@code none}) and its first
     * operations; empty otherwise.
     */
    public static Optional<String> riskText(String rollbackRisk, List<String> operations) {
        if (rollbackRisk == null || rollbackRisk.equals(RollbackRisk.NONE.value())) {
            return Optional.empty();
        }
        return Optional.of(rollbackRisk + (operations == null || operations.isEmpty() ? "" : ": " + operations(operations)));
    }

    /** The first operations, and how many more. */
    public static String operations(List<String> operations) {
        String shown = String.join(", ", operations.subList(0, Math.min(SHOWN_OPERATIONS, operations.size())));
        return operations.size() > SHOWN_OPERATIONS ? shown + " and " + (operations.size() - SHOWN_OPERATIONS) + " more" : shown;
    }

    /** For chat: the entries described, comma-separated. */
    public static String describe(List<PostMigrationEntry> entries) {
        return String.join(", ", entries.stream().map(PostMigrationEntry::describe).toList());
    }

    /** {@code 1 post-deployment migration}, {@code 2 post-deployment migrations}. */
    public static String count(int n) {
        return n + (n == 1 ? " post-deployment migration" : " post-deployment migrations");
    }
}
