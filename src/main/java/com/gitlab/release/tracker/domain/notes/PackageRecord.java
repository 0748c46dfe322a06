package com.gitlab.release.tracker.domain.notes;

import java.util.List;
import java.util.Map;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.migrations.MigrationRisk;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.domain.releases.Release;

/**
 * What one note records: a package, the commit it was built from, the baseline commit it was compared with, the
 * post-migrations it introduced (sorted), its release ({@code 14.8}) when known, and for each post-migration the
 * merge request that brought it and its rollback risk, where known (notes written before either have none).
 */
public record PackageRecord(String packageName, String sha, String previousSha, List<String> postMigrations,
        String release, Map<String, MergeRequest> mergeRequests, Map<String, MigrationRisk> rollbackRisks) {

    public PackageRecord {
        postMigrations = List.copyOf(postMigrations);
        mergeRequests = mergeRequests == null ? Map.of() : Map.copyOf(mergeRequests);
        rollbackRisks = rollbackRisks == null ? Map.of() : Map.copyOf(rollbackRisks);
    }

    public PackageRecord(String packageName, String sha, String previousSha, List<String> postMigrations, String release,
            Map<String, MergeRequest> mergeRequests) {
        this(packageName, sha, previousSha, postMigrations, release, mergeRequests, Map.of());
    }

    public PackageRecord(String packageName, String sha, String previousSha, List<String> postMigrations, String release) {
        this(packageName, sha, previousSha, postMigrations, release, Map.of());
    }

    public PackageRecord(String packageName, String sha, String previousSha, List<String> postMigrations) {
        this(packageName, sha, previousSha, postMigrations, null);
    }

    /** The same record, with the merge request behind each post-migration where one was found. */
    public PackageRecord withMergeRequests(Map<String, MergeRequest> found) {
        return new PackageRecord(packageName, sha, previousSha, postMigrations, release, found, rollbackRisks);
    }

    /** The same record, with the rollback risk of each post-migration whose file was read. */
    public PackageRecord withRollbackRisks(Map<String, MigrationKind> kinds) {
        Map<String, MigrationRisk> risks = new java.util.HashMap<>();
        kinds.forEach((path, kind) -> risks.put(path, MigrationRisk.of(kind)));
        return new PackageRecord(packageName, sha, previousSha, postMigrations, release, mergeRequests, risks);
    }

    /** The same record as a brief note holds it: each rollback risk without its operations, no merge requests. */
    public PackageRecord brief() {
        Map<String, MigrationRisk> risks = new java.util.HashMap<>();
        rollbackRisks.forEach((path, risk) -> risks.put(path, new MigrationRisk(risk.rollbackRisk(), List.of())));
        return new PackageRecord(packageName, sha, previousSha, postMigrations, release, Map.of(), risks);
    }

    /** The release: the one recorded, else the one in the package version, else empty. */
    public java.util.Optional<Release> releaseOrFromVersion() {
        if (release != null) {
            try {
                return java.util.Optional.of(Release.parse(release));
            } catch (BadInputException e) {
                return java.util.Optional.empty();
            }
        }
        return PackageVersion.looksLikeVersion(packageName)
                ? java.util.Optional.of(PackageVersion.parse(packageName).release())
                : java.util.Optional.empty();
    }

    /** Whether this record is about the same package: the same package name, or the same commit. */
    public boolean samePackage(String otherPackage, CommitSha otherSha) {
        if (packageName.equals(otherPackage)) {
            return true;
        }
        return otherSha != null && otherSha.sameCommit(sha);
    }
}
