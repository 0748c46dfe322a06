package com.gitlab.release.tracker.domain.releases;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;

/**
 * An auto-deploy package version: {@code 14.8.202202080920-97d6e07c2a1.4ce763dbce1}
 * (release 14.8, UTC build timestamp, GitLab Rails commit, Omnibus commit).
 * The Omnibus tag spelling with {@code +} names the same package.
 */
public record PackageVersion(int major, int minor, String timestamp, String railsSha, String omnibusSha) {

    private static final Pattern FORMAT = Pattern.compile(
            "(\\d+)\\.(\\d+)\\.(\\d{12})[-+]([0-9a-f]{7,40})\\.([0-9a-f]{7,40})");

    public static PackageVersion parse(String text) {
        if (text == null) {
            throw new BadInputException("package version is missing");
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new BadInputException("'" + Input.shown(text) + "' is not an auto-deploy package version; expected MAJOR.MINOR.TIMESTAMP-RAILS_SHA.OMNIBUS_SHA such as 14.8.202202080920-97d6e07c2a1.4ce763dbce1");
        }
        return new PackageVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), m.group(4), m.group(5));
    }

    public static boolean looksLikeVersion(String text) {
        return text != null && FORMAT.matcher(text.trim()).matches();
    }

    /** When the package was built: its timestamp, in UTC. */
    public java.time.Instant builtAt() {
        return java.time.LocalDateTime.parse(timestamp, java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmm"))
                .toInstant(java.time.ZoneOffset.UTC);
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
