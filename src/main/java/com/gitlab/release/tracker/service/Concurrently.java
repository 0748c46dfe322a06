package com.gitlab.release.tracker.service;

import java.util.List;
import java.util.function.BiFunction;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.smallrye.mutiny.tuples.Tuple3;

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
     * Two reads side by side; when both fail, the first one's failure is the answer's, as if they had been read one
     * after the other (so that the message a caller gets does not depend on which answer came first).
     */
    static <A, B> Uni<Tuple2<A, B>> both(Uni<A> first, Uni<B> second) {
        Uni<A> a = start(first);
        Uni<B> b = start(second);
        return a.chain(x -> b.map(y -> Tuple2.of(x, y)));
    }

    /** Two reads side by side, combined; failures are reported in the reads' order (see {@link #both}). */
    static <A, B, R> Uni<R> both(Uni<A> first, Uni<B> second, BiFunction<A, B, R> combine) {
        return both(first, second).map(read -> combine.apply(read.getItem1(), read.getItem2()));
    }

    /** Three reads side by side; failures are reported in the reads' order (see {@link #both}). */
    static <A, B, C> Uni<Tuple3<A, B, C>> all(Uni<A> first, Uni<B> second, Uni<C> third) {
        Uni<A> a = start(first);
        Uni<B> b = start(second);
        Uni<C> c = start(third);
        return a.chain(x -> b.chain(y -> c.map(z -> Tuple3.of(x, y, z))));
    }

    /**
     * The reads side by side, at most {@code limit} at a time ({@code TRACKER_GITLAB_CONCURRENCY}); their results
     * in the same order; the first failure fails the whole.
     */
    static <T> Uni<List<T>> all(List<Uni<T>> reads, int limit) {
        return reads.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(reads).usingConcurrencyOf(limit).andFailFast();
    }
}
