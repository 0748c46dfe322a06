package com.gitlab.release.tracker.domain.releases;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * An auto-deploy package version: {@code 14.8.202202080920-97d6e07c2a1.4ce763dbce1}
 * (release 14.8, UTC build timestamp, GitLab Rails commit, Omnibus commit).
 * The Omnibus tag spelling with {@code +} names the same package.
 */
public record PackageVersion(int major, int minor, String timestamp, String railsSha, String omnibusSha) {

    /** Linear-time (re2j); parts of a release up to 6 digits, so that every match fits an int. */
    private static final Pattern FORMAT = Pattern.compile(
            "(\\d{1,6})\\.(\\d{1,6})\\.(\\d{12})[-+]([0-9a-f]{7,40})\\.([0-9a-f]{7,40})");
    /** The longest version: two 6-digit parts, the timestamp, two 40-character SHAs and the separators. */
    private static final int MAX_LENGTH = 6 + 1 + 6 + 1 + 12 + 1 + 40 + 1 + 40;

    public static PackageVersion parse(String text) {
        if (text == null) {
            throw new BadInputException("package version is missing");
        }
        return read(text).orElseThrow(() -> new BadInputException("'" + Input.shown(text) + "' is not an auto-deploy package"
                + " version; expected MAJOR.MINOR.TIMESTAMP-RAILS_SHA.OMNIBUS_SHA such as 14.8.202202080920-97d6e07c2a1.4ce763dbce1"
                + " (the timestamp a UTC time yyyyMMddHHmm)"));
    }

    /** The version a text is (surrounding white space aside); empty for anything else, a timestamp that is no time too. */
    public static Optional<PackageVersion> read(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(trimmed);
        if (!m.matches() || builtAt(m.group(3)).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PackageVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), m.group(4),
                m.group(5)));
    }

    /** The longest Rails SHA a short name shows: as GitLab's version names it. */
    private static final int SHORT_SHA = 11;

    /**
     * A package as a chat line names it: its UTC time and Rails commit ({@code 02-08 09:20 97d6e07c2a1}); a text
     * that is no version (a SHA) as it is. The SHA is what {@code rollback} accepts again.
     */
    public static String shortName(String text) {
        return read(text).map(v -> v.timestamp.substring(4, 6) + "-" + v.timestamp.substring(6, 8) + " " + v.timestamp.substring(8, 10)
                + ":" + v.timestamp.substring(10, 12) + " " + v.railsSha.substring(0, Math.min(SHORT_SHA, v.railsSha.length())))
                .orElse(text == null ? "" : text);
    }

    /** A package's Rails commit as a chat line names it ({@code 97d6e07c2a1}); a text that is no version as it is. */
    public static String railsSha(String text) {
        return read(text).map(v -> v.railsSha.substring(0, Math.min(SHORT_SHA, v.railsSha.length()))).orElse(text == null ? "" : text);
    }

    public static boolean looksLikeVersion(String text) {
        return read(text).isPresent();
    }

    /** When the package was built: its timestamp, in UTC. */
    public Instant builtAt() {
        return builtAt(timestamp).orElseThrow();
    }

    private static Optional<Instant> builtAt(String timestamp) {
        try {
            return Optional.of(LocalDateTime.of(Integer.parseInt(timestamp.substring(0, 4)), Integer.parseInt(timestamp.substring(4, 6)),
                    Integer.parseInt(timestamp.substring(6, 8)), Integer.parseInt(timestamp.substring(8, 10)),
                    Integer.parseInt(timestamp.substring(10, 12))).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    public Release release() {
        return new Release(major, minor);
    }

    /** The canonical spelling, with {@code -} between timestamp and commits. */
    @Override
    public String toString() {
        return major + "." + minor + "." + timestamp + "-" + railsSha + "." + omnibusSha;
    }
}
