package com.gitlab.release.tracker.gitlab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A commit: {@code GET .../repository/commits/:ref}, or one of a file's history; {@code message} is its whole message. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GitLabCommit(String id, String message) {
}
