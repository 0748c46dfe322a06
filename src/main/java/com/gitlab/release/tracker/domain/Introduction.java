package com.gitlab.release.tracker.domain;

/** How a post-migration came: the package whose note names it first, and the merge request that added it (each may be unknown). */
public record Introduction(String packageName, MergeRequest mergeRequest) {

    public static final Introduction UNKNOWN = new Introduction(null, null);
}
