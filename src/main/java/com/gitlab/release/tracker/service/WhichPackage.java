package com.gitlab.release.tracker.service;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /which-package}: which package introduced a post-migration, and has it run on each database? */
public final class WhichPackage {

    private WhichPackage() {
    }

    @RegisterForReflection
    public record Request(String migration, String release) {
    }

    @RegisterForReflection
    public record Answer(String migration, List<Found> found, String text) {
    }

    /**
     * A package note naming the migration. {@code executedOn}: per database environment, whether the file exists at
     * that database's last post-deploy migration run (false when there is no run on record); {@code executedAt}:
     * per database environment, when an execution note says it ran.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Found(String path, @JsonProperty("package") String packageName, String release, String issueUrl,
            String noteUrl, String database, String batchedBackgroundMigration, Map<String, Boolean> executedOn,
            Map<String, String> executedAt) {
    }
}
