package com.gitlab.release.tracker.domain.releases;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;

/** A monthly release such as 14.8. */
public record Release(int major, int minor) implements Comparable<Release> {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\.(\\d+)");
    private static final Pattern AUTO_DEPLOY_BRANCH = Pattern.compile("(\\d+)-(\\d+)-auto-deploy-\\d+");

    public static Release parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new BadInputException("'" + Input.shown(text) + "' is not a release; expected MAJOR.MINOR such as 14.8");
        }
        return new Release(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The release a deployed ref names: a package version's, or an auto-deploy branch's; else none. */
    public static java.util.Optional<Release> ofRef(String ref) {
        return PackageVersion.looksLikeVersion(ref) ? java.util.Optional.of(PackageVersion.parse(ref).release()) : ofAutoDeployBranch(ref);
    }

    /** The release of an auto-deploy branch such as {@code 14-8-auto-deploy-2022020809}, if it is one. */
    public static java.util.Optional<Release> ofAutoDeployBranch(String ref) {
        Matcher m = ref == null ? null : AUTO_DEPLOY_BRANCH.matcher(ref);
        if (m == null || !m.matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Release(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
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
