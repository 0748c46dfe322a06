package com.gitlab.release.tracker.gitlab;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.smallrye.mutiny.tuples.Tuple3;

/**
 * Reads of one call side by side. They all end before the call answers: a combination waits for each read, and
 * when some fail it reports the first failure in the reads' order, as if they had been made one after the other
 * (so a caller's message does not depend on which answer came first, and no read of the call is still running
 * after it has answered). A read started early ({@link #start}) is cancelled by its starter when it is not needed.
 */
public final class Concurrently {

    private Concurrently() {
    }

    /** A read started before it is known to be needed. */
    public static final class Early<T> {
        private final CompletableFuture<T> running;

        private Early(CompletableFuture<T> running) {
            this.running = running;
        }

        /** Its result, for one or several uses; using it does not start it again. */
        public Uni<T> result() {
            // A use gets a dependent stage, so that a use that is cancelled does not cancel the read for the others.
            return Uni.createFrom().completionStage(() -> running.thenApply(item -> item));
        }

        /** Stops the read if it still runs (its GitLab request is abandoned); nothing happens once it has ended. */
        public void cancel() {
            running.cancel(false);
        }
    }

    /** Starts a read now, beside the work that tells whether it is needed. */
    public static <T> Early<T> start(Uni<T> read) {
        return new Early<>(read.subscribeAsCompletionStage());
    }

    /**
     * A read made once, when it is first asked for or started ahead of that ({@link #start()}), and cancelled by its
     * owner when the call no longer needs it; not made at all when neither comes.
     */
    public static final class OnDemand<T> {
        private final Uni<T> read;
        private Early<T> started;
        private boolean cancelled;

        private OnDemand(Uni<T> read) {
            this.read = read;
        }

        /** Starts it now, unless it is started or cancelled. */
        public synchronized void start() {
            if (started == null && !cancelled) {
                started = Concurrently.start(read);
            }
        }

        /** Its result, starting it when it is not yet. */
        public Uni<T> result() {
            return Uni.createFrom().deferred(() -> {
                synchronized (this) {
                    if (started == null) {
                        started = Concurrently.start(read);
                    }
                    return started.result();
                }
            });
        }

        /** Stops it if it runs, and keeps a later {@link #start()} from starting it. */
        public synchronized void cancel() {
            cancelled = true;
            if (started != null) {
                started.cancel();
            }
        }
    }

    /** A read made when asked for, or started ahead ({@link OnDemand}). */
    public static <T> OnDemand<T> onDemand(Uni<T> read) {
        return new OnDemand<>(read);
    }

    /**
     * A result several uses share, made once, on the first use; a use that is cancelled leaves it running for the
     * others. Instead of Mutiny's {@code memoize()}: in Mutiny 3.1.1 a use that starts on one thread while the result
     * arrives on another can get the result before its subscription, and a {@code chain} after it then mistakes its
     * inner read's item for the result (a wrong item passed on, a {@code ClassCastException}, or no answer;
     * {@code SharedResultTest} shows the race). Each use is a use of an {@link Early} read's result: a completion
     * stage, which Mutiny subscribes before it can complete it.
     */
    public static <T> Uni<T> shared(Uni<T> result) {
        AtomicReference<CompletableFuture<T>> started = new AtomicReference<>();
        return Uni.createFrom().deferred(() -> {
            if (started.get() == null) {
                CompletableFuture<T> first = new CompletableFuture<>();
                if (started.compareAndSet(null, first)) {
                    result.subscribe().with(first::complete, first::completeExceptionally);
                }
            }
            return new Early<>(started.get()).result();
        });
    }

    /** Two reads side by side. */
    public static <A, B> Uni<Tuple2<A, B>> both(Uni<A> first, Uni<B> second) {
        return Uni.combine().all().unis(first, second).collectFailures().asTuple()
                .onFailure(CompositeException.class).transform(Concurrently::firstFailure);
    }

    /** Two reads side by side, combined. */
    public static <A, B, R> Uni<R> both(Uni<A> first, Uni<B> second, BiFunction<A, B, R> combine) {
        return both(first, second).map(read -> combine.apply(read.getItem1(), read.getItem2()));
    }

    /** Three reads side by side. */
    public static <A, B, C> Uni<Tuple3<A, B, C>> all(Uni<A> first, Uni<B> second, Uni<C> third) {
        return Uni.combine().all().unis(first, second, third).collectFailures().asTuple()
                .onFailure(CompositeException.class).transform(Concurrently::firstFailure);
    }

    /** The reads side by side, at most {@code limit} at a time ({@code TRACKER_GITLAB_CONCURRENCY}); results in order. */
    public static <T> Uni<List<T>> all(List<Uni<T>> reads, int limit) {
        return reads.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(reads).usingConcurrencyOf(limit).andCollectFailures()
                        .onFailure(CompositeException.class).transform(Concurrently::firstFailure);
    }

    private static Throwable firstFailure(Throwable failures) {
        List<Throwable> causes = ((CompositeException) failures).getCauses();
        return causes.isEmpty() ? failures : causes.get(0);
    }
}
