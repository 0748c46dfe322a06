package com.gitlab.release.tracker.gitlab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code GET /projects/:id/repository/tree}: one file or folder. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GitLabTreeEntry(String id, String name, String type, String path) {
}
