package com.gitlab.release.tracker.domain.releases;

import java.util.Locale;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;

/**
 * The GitLab environment that records post-deploy migration runs for one database, such as {@code db/gprd}. Each
 * stage has one database, shared by its canary: {@code gprd} and {@code gprd-cny} both map to {@code db/gprd}.
 */
public record DatabaseEnvironment(String name) {

    private static final String PREFIX = "db/";
    private static final String CANARY = "-cny";

    public DatabaseEnvironment {
        if (name == null || !name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
            throw new BadInputException("'" + Input.shown(name) + "' is not a database environment such as db/gprd");
        }
    }

    /** {@code gprd}, {@code gprd-cny} or {@code db/gprd} → {@code db/gprd}. */
    public static DatabaseEnvironment of(String environment) {
        String text = environment == null ? "" : environment.trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            throw new BadInputException("name an environment such as gprd, gstg or db/gprd");
        }
        if (text.startsWith(PREFIX)) {
            return new DatabaseEnvironment(text);
        }
        String stage = text.endsWith(CANARY) ? text.substring(0, text.length() - CANARY.length()) : text;
        return new DatabaseEnvironment(PREFIX + stage);
    }

    public static boolean isDatabaseEnvironment(String environment) {
        return environment != null && environment.startsWith(PREFIX) && environment.length() > PREFIX.length();
    }

    /** The stage whose database this is: {@code gprd} for {@code db/gprd}; also its main application environment. */
    public String stage() {
        return name.substring(PREFIX.length());
    }

    @Override
    public String toString() {
        return name;
    }
}
