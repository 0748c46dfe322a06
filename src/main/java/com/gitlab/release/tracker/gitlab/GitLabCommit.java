package com.gitlab.release.tracker.gitlab;

/** {@code GET /projects/:id/repository/commits/:ref}: only the full SHA is used. */
public record GitLabCommit(String id) {
}
