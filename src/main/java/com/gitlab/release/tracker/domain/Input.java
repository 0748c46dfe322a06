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
        int cut = Character.isHighSurrogate(value.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN; // never half a pair
        return value.substring(0, cut) + "… (" + value.length() + " characters)";
    }

    /** Where the first half of a UTF-16 surrogate pair stands alone in a text ({@code "\\ud800"}), or -1: no text. */
    public static int unpairedSurrogate(String text) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a field says nothing: absent, empty or white space. */
    public static boolean blank(String field) {
        return field == null || field.isBlank();
    }
}
