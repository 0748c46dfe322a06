package com.gitlab.release.tracker.domain;

/** A failure with the HTTP status the function answers and a message for the caller. */
public class TrackerException extends RuntimeException {
    private final int status;

    public TrackerException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public TrackerException(int status, String message, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
