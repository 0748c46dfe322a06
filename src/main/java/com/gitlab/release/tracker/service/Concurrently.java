package com.gitlab.release.tracker.service;

import java.util.List;

import io.smallrye.mutiny.Uni;

/** Starting reads early, so that they run beside other work of the same call. */
final class Concurrently {

    private Concurrently() {
    }

    /**
     * Starts a read now and returns its result to come, for one or several later uses. A failure is kept for
     * whoever uses the result; a result nobody uses (the call turned out not to need it) is dropped, failure or not.
     */
    static <T> Uni<T> start(Uni<T> read) {
        Uni<T> shared = read.memoize().indefinitely();
        shared.subscribe().with(ignored -> {
        }, ignored -> {
        });
        return shared;
    }

    /**
     * The reads side by side, at most {@code limit} at a time ({@code TRACKER_GITLAB_CONCURRENCY}); their results
     * in the same order; the first failure fails the whole.
     */
    static <T> Uni<List<T>> all(List<Uni<T>> reads, int limit) {
        return reads.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(reads).usingConcurrencyOf(limit).andFailFast();
    }
}
