package com.gitlab.release.tracker.service;

import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.PackageVersion;
import com.gitlab.release.tracker.domain.Release;
import com.gitlab.release.tracker.service.PackageRecorder.Target;

/** The package a deployment ran, named from its ref: the version when the ref is one, else {@code ref@short-sha}. */
final class PackageLabels {

    private PackageLabels() {
    }

    static Target ofDeployment(String ref, CommitSha sha) {
        if (PackageVersion.looksLikeVersion(ref)) {
            PackageVersion version = PackageVersion.parse(ref);
            return new Target(version.toString(), sha, version.release());
        }
        String label = ref == null || ref.isBlank() ? sha.shortSha() : ref + "@" + sha.shortSha();
        return new Target(label, sha, Release.ofAutoDeployBranch(ref).orElse(null));
    }
}
