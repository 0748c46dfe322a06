package com.gitlab.release.tracker.service;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /which-package}: which package introduced a post-migration. */
public final class WhichPackage {

    private WhichPackage() {
    }

    @RegisterForReflection
    public record Request(String migration, String release) {
    }

    @RegisterForReflection
    public record Answer(String migration, List<Found> found, String text) {
    }

    @RegisterForReflection
    public record Found(String path, @com.fasterxml.jackson.annotation.JsonProperty("package") String packageName,
            String release, String issueUrl, String noteUrl) {
    }
}
