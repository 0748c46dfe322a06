package com.gitlab.release.tracker.gitlab;

/** {@code GET /projects/:id/repository/tree}: one file or folder. */
public record GitLabTreeEntry(String id, String name, String type, String path) {
}
