package com.gitlab.release.tracker.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /rollback-check}: can production go back from {@code current} to {@code target}? */
public final class RollbackCheck {

    private RollbackCheck() {
    }

    @RegisterForReflection
    public record Request(String current, String target) {
    }

    @RegisterForReflection
    public record Answer(boolean safe, String current, String target, List<PostMigration> postMigrations, String text) {
    }

    /** A post-migration introduced between the two; {@code package} is null when no note names it. */
    @RegisterForReflection
    public record PostMigration(String path, @JsonProperty("package") String packageName) {
    }
}
