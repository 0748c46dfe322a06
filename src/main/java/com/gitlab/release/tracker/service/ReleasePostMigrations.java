package com.gitlab.release.tracker.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /release-post-migrations}: every post-migration recorded for a monthly release. */
public final class ReleasePostMigrations {

    private ReleasePostMigrations() {
    }

    @RegisterForReflection
    public record Request(String release) {
    }

    /**
     * {@code postMigrations}: all, each marked {@code executedOnProduction}; {@code notExecuted}: the paths of those
     * not yet run on the production database, which do not go into the monthly release.
     */
    @RegisterForReflection
    public record Answer(String release, String issueUrl, List<PackageEntry> packages, List<ReleaseEntry> postMigrations,
            List<String> notExecuted, String productionEnvironment, String executedSha, String executedAt,
            String markdown) {
    }

    @RegisterForReflection
    public record PackageEntry(@JsonProperty("package") String packageName, String noteUrl, List<String> postMigrations) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReleaseEntry(String path, @JsonProperty("package") String packageName, String database,
            String batchedBackgroundMigration, boolean executedOnProduction) {
    }
}
