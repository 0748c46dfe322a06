package com.gitlab.release.tracker.domain.notes;

import com.gitlab.release.tracker.domain.migrations.MergeRequest;

/** How a post-migration came: the package whose note names it first, and the merge request that added it (each may be unknown). */
public record Introduction(String packageName, MergeRequest mergeRequest) {

    public static final Introduction UNKNOWN = new Introduction(null, null);
}
