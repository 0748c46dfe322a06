package com.gitlab.release.tracker.gitlab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A GitLab user: {@code GET /user} (the token's own) and the {@code author} of every note and issue. Only the id and
 * the username are used: a record is believed by its author (see {@code notes/Trust}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GitLabUser(Long id, String username) {
}
