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
import com.gitlab.release.tracker.domain.migrations.PostMigrationRule;
import com.gitlab.release.tracker.domain.notes.Introduction;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A post-migration as answers list it: its path, the package that introduced it ({@code null} when no package note
 * names it), the database it runs on ({@code main}, {@code ci}, {@code sec}, {@code geo}) and what it does to a
 * batched background migration ({@code queue}, {@code finalize}, {@code delete}), both left out when its file could
 * not be read, and the merge request that added it (left out when none was found).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostMigrationEntry(String path, @JsonProperty("package") String packageName, String database,
        String batchedBackgroundMigration, MergeRequest mergeRequest) {

    public static PostMigrationEntry of(String path, Map<String, Introduction> introductions, Map<String, MigrationKind> kinds) {
        MigrationKind kind = kinds.get(path);
        Introduction introduction = introductions.getOrDefault(path, Introduction.UNKNOWN);
        return new PostMigrationEntry(path, introduction.packageName(), kind == null ? null : kind.database().value(),
                kind == null ? null : kind.batchedBackgroundMigration().map(MigrationKind.BatchedMigrationStep::value).orElse(null),
                introduction.mergeRequest());
    }

    public static List<PostMigrationEntry> all(Collection<String> paths, Map<String, Introduction> introductions,
            Map<String, MigrationKind> kinds) {
        return paths.stream().sorted().map(path -> of(path, introductions, kinds)).toList();
    }

    /** For chat: {@code 20220201173212_x.rb (14.8.2022..., ci · finalizes a batched background migration)}. */
    public String describe() {
        List<String> details = new ArrayList<>();
        if (packageName != null) {
            details.add(packageName);
        }
        kindText(database, batchedBackgroundMigration).ifPresent(details::add);
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

    /** For chat: the entries described, comma-separated. */
    public static String describe(List<PostMigrationEntry> entries) {
        return String.join(", ", entries.stream().map(PostMigrationEntry::describe).toList());
    }

    /** {@code 1 post-deployment migration}, {@code 2 post-deployment migrations}. */
    public static String count(int n) {
        return n + (n == 1 ? " post-deployment migration" : " post-deployment migrations");
    }
}
