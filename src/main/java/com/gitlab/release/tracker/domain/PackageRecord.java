package com.gitlab.release.tracker.domain;

import java.util.List;

/**
 * What one note records: a package, the commit it was built from, the baseline commit it was compared with and
 * the post-migrations it introduced (sorted).
 */
public record PackageRecord(String packageName, String sha, String previousSha, List<String> postMigrations) {

    public PackageRecord {
        postMigrations = List.copyOf(postMigrations);
    }

    /** Whether this record is about the same package: the same package name, or the same commit. */
    public boolean samePackage(String otherPackage, CommitSha otherSha) {
        if (packageName.equals(otherPackage)) {
            return true;
        }
        return otherSha != null && CommitSha.isSha(sha) && new CommitSha(sha).sameCommit(otherSha);
    }
}
