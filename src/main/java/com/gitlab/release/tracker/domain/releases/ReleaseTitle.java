package com.gitlab.release.tracker.domain.releases;

import java.util.Optional;

/**
 * How a monthly release issue is titled: a format with {@code %s} for the release, {@code Release %s} by default.
 * Gives a release's title, reads the release back from a title (exactly, so {@code Release 14.8 retrospective} is
 * none), and the text before the release, which GitLab's prefix search finds every release issue with.
 */
public final class ReleaseTitle {

    private final String format;
    /** The text before and after {@code %s}: a title is read for every issue a search returns, by plain comparison. */
    private final String before;
    private final String after;

    public ReleaseTitle(String format) {
        if (format == null || format.split("%s", -1).length != 2 || format.replace("%s", "").contains("%")) {
            throw new IllegalArgumentException("a release title must contain %s exactly once (and no other %), e.g. 'Release %s'");
        }
        this.format = format;
        String[] parts = format.split("%s", -1);
        this.before = parts[0];
        this.after = parts[1];
    }

    /** The title of a release's issue: {@code Release 14.8}. */
    public String of(Release release) {
        return format.replace("%s", release.toString());
    }

    /**
     * The release a title names, when it is exactly a release issue's title; empty for any other title, also one whose
     * numbers no release has ({@code Release 99999999999.1}: anyone may open an issue).
     */
    public Optional<Release> releaseOf(String text) {
        if (text == null || text.length() < before.length() + after.length() || !text.startsWith(before) || !text.endsWith(after)) {
            return Optional.empty();
        }
        return Release.read(text.substring(before.length(), text.length() - after.length()));
    }

    /** What every release issue's title starts with, for GitLab's title search: {@code Release}. */
    public String searchPrefix() {
        return format.substring(0, format.indexOf("%s")).trim();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReleaseTitle that && format.equals(that.format);
    }

    @Override
    public int hashCode() {
        return format.hashCode();
    }

    @Override
    public String toString() {
        return format;
    }
}
