package com.gitlab.release.tracker.http;

import java.util.Optional;

/**
 * The body type each JSON function reads, so that a body funqy could not bind can be explained (funqy drops the
 * reason). Implemented where the functions are known, above this package, so that the edge depends on no use case.
 */
public interface JsonBodies {

    /** The body type of a function named in {@link FunctionNames}; empty for a route that is not a JSON function. */
    Optional<Class<?>> of(String function);

    /**
     * Whether a body type is written by the function's callers, who are told of a field it does not know (a typo);
     * GitLab's webhook bodies carry many fields the function does not read.
     */
    boolean writtenByCaller(Class<?> body);
}
