package com.gitlab.release.tracker.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /release-post-migrations}: every post-migration recorded for a monthly release. */
public final class ReleasePostMigrations {

    private ReleasePostMigrations() {
    }

    @RegisterForReflection
    public record Request(String release) {
    }

    @RegisterForReflection
    public record Answer(String release, String issueUrl, List<PackageEntry> packages, List<String> postMigrations,
            String markdown) {
    }

    @RegisterForReflection
    public record PackageEntry(@JsonProperty("package") String packageName, String noteUrl, List<String> postMigrations) {
    }
}
