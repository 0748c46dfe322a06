package com.gitlab.release.tracker.domain;

/** A caller's field: JSON leaves a field out as null, and a blank one says as little. */
public final class Input {

    private Input() {
    }

    /** The most of a caller's value an answer or a log line repeats. */
    public static final int SHOWN = 100;

    /**
     * A caller's value as answers and logs repeat it: whole up to {@value #SHOWN} characters, else its beginning and
     * its length (a 500 KB field must not come back whole, nor fill the log).
     */
    public static String shown(String value) {
        if (value == null || value.length() <= SHOWN) {
            return value;
        }
        return value.substring(0, SHOWN) + "… (" + value.length() + " characters)";
    }

    /** Whether a field says nothing: absent, empty or white space. */
    public static boolean blank(String field) {
        return field == null || field.isBlank();
    }
}
