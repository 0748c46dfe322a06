package com.gitlab.release.tracker.packages;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /record-package}. */
@RegisterForReflection
public record RecordPackageRequest(
        @JsonProperty("package") String packageVersion,
        String sha,
        String previous,
        Long issue,
        String release,
        Boolean dryRun) {

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
