package com.gitlab.release.tracker.domain;

/** The caller sent something the function cannot act on (HTTP 400). */
public class BadInputException extends TrackerException {
    public BadInputException(String message) {
        super(400, message);
    }
}
