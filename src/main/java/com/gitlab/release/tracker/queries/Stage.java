package com.gitlab.release.tracker.queries;

import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;

/**
 * An application environment ({@code gprd}, {@code gprd-cny}) and the database its post-migrations run on; a
 * database environment ({@code db/gprd}) names its stage's main environment.
 */
record Stage(String environment, DatabaseEnvironment database) {

    static Stage of(String text) {
        DatabaseEnvironment database = DatabaseEnvironment.of(text);
        String trimmed = text.trim();
        return new Stage(trimmed.startsWith("db/") ? database.stage() : trimmed, database);
    }
}
