package com.gitlab.release.tracker.demo;

/** How the fake GitLab fails a request (see {@link Faults}). */
public enum FaultKind {
    SERVER_ERROR, BAD_GATEWAY, UNAVAILABLE, RATE_LIMITED, CONNECTION_RESET, EMPTY_REPLY, SLOW,
    /** The request is carried out, then the connection drops before the answer. */
    LOST_ANSWER,
    NOT_JSON, TRUNCATED_JSON,
    /** 401: the token is wrong or expired. */
    UNAUTHORIZED,
    /** 403: the token may not do this (e.g. delete another user's note). */
    FORBIDDEN
}
