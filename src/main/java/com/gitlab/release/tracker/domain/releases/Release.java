package com.gitlab.release.tracker.domain.releases;

import java.util.Optional;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/** A monthly release such as 14.8. */
public record Release(int major, int minor) implements Comparable<Release> {

    /** At most 6 digits a part: GitLab's releases are two-digit numbers, and any such part fits an int. */
    private static final String PART = "(\\d{1,6})";
    private static final Pattern FORMAT = Pattern.compile(PART + "\\." + PART);
    private static final Pattern AUTO_DEPLOY_BRANCH = Pattern.compile(PART + "-" + PART + "-auto-deploy-\\d{1,20}");

    public static Release parse(String text) {
        Optional<Release> release = text == null ? Optional.empty() : of(FORMAT, text.trim());
        return release.orElseThrow(() -> new BadInputException("'" + Input.shown(text)
                + "' is not a release; expected MAJOR.MINOR such as 14.8"));
    }

    /** The release a text names exactly ({@code 14.8}); empty for anything else, however long its numbers. */
    public static Optional<Release> read(String text) {
        return text == null ? Optional.empty() : of(FORMAT, text);
    }

    /** The release a deployed ref names: a package version's, or an auto-deploy branch's; else none. */
    public static Optional<Release> ofRef(String ref) {
        return PackageVersion.read(ref).map(PackageVersion::release).or(() -> ofAutoDeployBranch(ref));
    }

    /** The release of an auto-deploy branch such as {@code 14-8-auto-deploy-2022020809}, if it is one. */
    public static Optional<Release> ofAutoDeployBranch(String ref) {
        return ref == null || ref.length() > Input.SHOWN ? Optional.empty() : of(AUTO_DEPLOY_BRANCH, ref);
    }

    private static Optional<Release> of(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Release(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    @Override
    public int compareTo(Release other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
