package com.gitlab.release.tracker.domain.releases;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a monthly release issue is titled: a format with {@code %s} for the release, {@code Release %s} by default.
 * Gives a release's title, reads the release back from a title (exactly, so {@code Release 14.8 retrospective} is
 * none), and the text before the release, which GitLab's prefix search finds every release issue with.
 */
public final class ReleaseTitle {

    private final String format;
    /** The title with the release captured; compiled once, a title is read for every issue a search returns. */
    private final Pattern title;

    public ReleaseTitle(String format) {
        if (format == null || format.split("%s", -1).length != 2 || format.replace("%s", "").contains("%")) {
            throw new IllegalArgumentException("a release title must contain %s exactly once (and no other %), e.g. 'Release %s'");
        }
        this.format = format;
        String[] parts = format.split("%s", -1);
        this.title = Pattern.compile(Pattern.quote(parts[0]) + "(\\d+\\.\\d+)" + Pattern.quote(parts[1]));
    }

    /** The title of a release's issue: {@code Release 14.8}. */
    public String of(Release release) {
        return format.replace("%s", release.toString());
    }

    /** The release a title names, when it is exactly a release issue's title. */
    public Optional<Release> releaseOf(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = title.matcher(text);
        return m.matches() ? Optional.of(Release.parse(m.group(1))) : Optional.empty();
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
