package com.gitlab.release.tracker.gitlab;

/** A commit: {@code GET .../repository/commits/:ref}, or one of a file's history; {@code message} is its whole message. */
public record GitLabCommit(String id, String message) {
}
