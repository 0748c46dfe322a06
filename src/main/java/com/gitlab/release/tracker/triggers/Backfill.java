package com.gitlab.release.tracker.triggers;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.packages.PackagesEnvironment;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /backfill}: record every package deployed to an environment in a time window, or, for a database
 * environment such as {@code db/gprd}, every post-deploy migration run ({@code deploymentId} set, and
 * {@code postMigrations} are those the run executed).
 */
public final class Backfill {

    private Backfill() {
    }

    /**
     * {@code since}/{@code until}: ISO-8601 instants, e.g. {@code 2022-02-01T00:00:00Z}, or durations back from now,
     * e.g. {@code PT6H}; until is exclusive.
     */
    @RegisterForReflection
    public record Request(String environment, String since, String until, Boolean dryRun) {
    }

    /**
     * {@code packages}: those recorded by this call, oldest first. {@code complete}: false when the call had to stop
     * at its deadline; then {@code next} is the {@code since} to call again with (the first package it did not
     * record), and every package before it is recorded or {@code failed}. {@code total}: the packages in the window;
     * {@code progress}: one line for a log. {@code detail}, when there was nothing to record: why.
     */
    @RegisterForReflection
    public record Answer(String environment, List<Item> packages, int created, int exists, int none, int dryRun,
            int disabled, int failed, boolean complete, @JsonInclude(JsonInclude.Include.NON_NULL) String next, int total,
            String progress, @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(@JsonProperty("package") String packageName, Long deploymentId, String sha, String previousSha,
            List<PostMigrationEntry> postMigrations, String status, String noteUrl, String error,
            PackagesEnvironment.Logged deployment) {
    }
}
