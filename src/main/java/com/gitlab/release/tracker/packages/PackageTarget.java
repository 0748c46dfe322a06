package com.gitlab.release.tracker.packages;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.NamedCommit;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.domain.releases.Release;

/**
 * The package a call or a deployment names: how notes and answers name it, its commit, its release when known, and
 * the branch or tag a deployment named (null for a call).
 */
public record PackageTarget(String label, CommitSha sha, Release release, String ref) {

    public PackageTarget(String label, CommitSha sha, Release release) {
        this(label, sha, release, null);
    }

    /**
     * The package a deployment ran, named from its ref: the version when the ref is one; else {@code ref@short-sha},
     * or the short SHA alone when there is no ref. Its release: the version's, or the auto-deploy branch's.
     */
    public static PackageTarget ofDeployment(String ref, CommitSha sha) {
        NamedCommit named = NamedCommit.deployed(ref, sha);
        String label = named.version().isPresent() || Input.blank(ref) ? named.label() : ref + "@" + sha.shortSha();
        return new PackageTarget(label, sha, Release.ofRef(ref).orElse(null), Input.blank(ref) ? null : ref.trim());
    }

    /** The package a {@code /record-package} call names: by version, by SHA, or by a version built from another SHA. */
    static PackageTarget of(RecordPackageRequest request) {
        Release release = Input.blank(request.release()) ? null : Release.parse(request.release());
        boolean hasSha = !Input.blank(request.sha());
        if (!Input.blank(request.packageVersion())) {
            PackageVersion version = PackageVersion.parse(request.packageVersion());
            CommitSha sha = hasSha ? new CommitSha(request.sha().trim()) : new CommitSha(version.railsSha());
            return new PackageTarget(version.toString(), sha, release != null ? release : version.release());
        }
        if (hasSha) {
            CommitSha sha = new CommitSha(request.sha().trim());
            return new PackageTarget(sha.value(), sha, release);
        }
        throw new BadInputException("name the package: 'package' (an auto-deploy version such as "
                + "14.8.202202080920-97d6e07c2a1.4ce763dbce1) or 'sha' (a commit SHA)");
    }

}
