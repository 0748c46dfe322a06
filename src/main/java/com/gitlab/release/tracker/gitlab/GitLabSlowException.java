package com.gitlab.release.tracker.gitlab;

/**
 * GitLab took too long: a read timeout, or a 502/504 from its proxies. Worth retrying for small requests; for a
 * compare it means the answer is too big to come in time, so the caller lists the folders instead at once.
 */
public class GitLabSlowException extends GitLabUnavailableException {

    public GitLabSlowException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
