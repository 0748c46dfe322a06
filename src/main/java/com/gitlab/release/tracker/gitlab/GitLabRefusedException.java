package com.gitlab.release.tracker.gitlab;

import com.gitlab.release.tracker.domain.TrackerException;

/** GitLab refused a request (400, 401, 403, 409, 422, ...): not retried; the function answers 502. */
public class GitLabRefusedException extends TrackerException {
    private final int gitlabStatus;

    public GitLabRefusedException(int gitlabStatus, String message) {
        super(502, message);
        this.gitlabStatus = gitlabStatus;
    }

    /** The status GitLab answered. */
    public int gitlabStatus() {
        return gitlabStatus;
    }
}
