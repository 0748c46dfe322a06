package com.gitlab.release.tracker.service;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /record-package}. */
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
