package com.gitlab.release.tracker.domain.releases;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** GitLab's timestamps, read leniently, and shown to people as {@code 2022-07-20 10:02 UTC}. */
public final class UtcTime {

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private UtcTime() {
    }

    /** An ISO-8601 time from GitLab; empty when absent or unreadable. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
        } catch (DateTimeParseException e) {
            try {
                // Webhooks spell it "2021-04-28 21:50:00 +0200".
                return Optional.of(OffsetDateTime.parse(text.trim(),
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS] [XXX][XX][X]")).toInstant());
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    public static String human(Instant instant) {
        return HUMAN.format(instant);
    }
}
