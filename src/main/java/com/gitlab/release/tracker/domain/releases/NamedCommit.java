package com.gitlab.release.tracker.domain.releases;

import java.util.Optional;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;

/** A commit a caller named: an auto-deploy package version (its Rails commit) or a commit SHA. */
public record NamedCommit(CommitSha sha, Optional<PackageVersion> version) {

    /** Reads {@code text} given in {@code field}; anything else is bad input naming the field. */
    public static NamedCommit parse(String field, String text) {
        if (PackageVersion.looksLikeVersion(text)) {
            PackageVersion version = PackageVersion.parse(text);
            return new NamedCommit(new CommitSha(version.railsSha()), Optional.of(version));
        }
        if (text != null && CommitSha.isSha(text.trim())) {
            return new NamedCommit(new CommitSha(text.trim()), Optional.empty());
        }
        throw new BadInputException(field + ": '" + Input.shown(text)
                + "' is neither an auto-deploy package version nor a commit SHA (7 to 40 hex characters)");
    }

    /** A deployed commit, named by its ref when that is a package version (a branch or tag names no package). */
    public static NamedCommit deployed(String ref, CommitSha sha) {
        return new NamedCommit(sha, PackageVersion.looksLikeVersion(ref) ? Optional.of(PackageVersion.parse(ref)) : Optional.empty());
    }

    /** How answers and notes name the commit: the version when there is one, else the short SHA. */
    public String label() {
        return version.map(PackageVersion::toString).orElse(sha.shortSha());
    }
}
