package com.gitlab.release.tracker.domain;

/** A caller's field: JSON leaves a field out as null, and a blank one says as little. */
public final class Input {

    private Input() {
    }

    /** Whether a field says nothing: absent, empty or white space. */
    public static boolean blank(String field) {
        return field == null || field.isBlank();
    }
}
