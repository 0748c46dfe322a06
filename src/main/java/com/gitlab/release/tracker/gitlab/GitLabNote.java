package com.gitlab.release.tracker.gitlab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /projects/:id/issues/:iid/notes}; {@code author} may be null (as from an older fake or a test). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabNote(long id, String body, boolean system, String createdAt, GitLabUser author) {

    /** The body of {@code POST /projects/:id/issues/:iid/notes}. */
    public record Create(String body) {
    }
}
