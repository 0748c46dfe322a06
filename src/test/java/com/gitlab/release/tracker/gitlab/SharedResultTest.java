package com.gitlab.release.tracker.gitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/**
 * A result used by several pipelines (a package's note, used by its answer, its owners, its QA note and the packages
 * environment) is made once, and each use gets it whatever thread finishes it while another thread starts using it.
 */
class SharedResultTest {

    private static final ExecutorService THREADS = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        THREADS.shutdownNow();
    }

    /**
     * The race of a use starting while the result arrives on another thread, many times over: each use of the
     * result, chained to a read of its own, must see the result and then its own read's item, in that order. (With
     * Mutiny's {@code memoize().indefinitely()} in place of {@link Concurrently#shared}, a few of the 20,000 go
     * wrong here within a second: the chain passes its own read's item on as the result, or never answers.)
     */
    static List<String> race(Function<Uni<String>, Uni<String>> share) throws Exception {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 20_000 && wrong.size() < 3; i++) {
            CompletableFuture<String> arrives = new CompletableFuture<>();
            Uni<String> shared = share.apply(Uni.createFrom().completionStage(arrives));
            shared.subscribe().with(x -> { }, f -> { }); // the first use starts it
            CyclicBarrier together = new CyclicBarrier(2);
            var completes = THREADS.submit(() -> {
                together.await();
                return arrives.complete("the note");
            });
            var uses = THREADS.submit(() -> {
                together.await();
                return shared.chain(note -> Uni.createFrom().item(note + " and its owners"))
                        .chain(both -> Uni.createFrom().item(both.length()))
                        .map(String::valueOf)
                        .onFailure().recoverWithItem(Throwable::toString)
                        .await().atMost(java.time.Duration.ofSeconds(20)); // only a use that never answers waits this long
            });
            completes.get(60, TimeUnit.SECONDS);
            String seen;
            try {
                seen = uses.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                seen = "no answer: " + e.getCause();
            }
            if (!seen.equals(String.valueOf("the note and its owners".length()))) {
                wrong.add(seen);
            }
        }
        return wrong;
    }

    @Test
    void eachUseGetsTheResultThenItsOwnRead() throws Exception {
        assertEquals(List.of(), race(Concurrently::shared));
    }

    @Test
    void madeOnceForAllUsesAndKeptWhenAUseIsCancelled() {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<String> arrives = new CompletableFuture<>();
        Uni<String> shared = Concurrently.shared(Uni.createFrom().completionStage(() -> {
            made.incrementAndGet();
            return arrives;
        }));
        var cancelled = shared.subscribe().with(x -> { });
        CompletableFuture<String> other = shared.subscribeAsCompletionStage();
        cancelled.cancel();
        arrives.complete("the note");
        assertEquals("the note", other.join());
        assertEquals("the note", shared.await().indefinitely());
        assertEquals(1, made.get());
        CompletableFuture<String> failing = new CompletableFuture<>();
        Uni<String> failed = Concurrently.shared(Uni.createFrom().completionStage(failing));
        CompletableFuture<String> use = failed.subscribeAsCompletionStage();
        failing.completeExceptionally(new IllegalStateException("GitLab said no"));
        assertEquals("GitLab said no", org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> failed.await().indefinitely()).getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(use.isCompletedExceptionally());
    }
}
