package com.gitlab.release.tracker.domain;

/** GitLab does not know something the call names: a commit, a project, a release issue (HTTP 404). */
public class NotFoundException extends TrackerException {
    public NotFoundException(String message) {
        super(404, message);
    }
}
