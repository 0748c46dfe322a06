package com.gitlab.release.tracker.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.gitlab.release.tracker.domain.TrackerException;

/**
 * Runs independent GitLab reads of one invocation side by side on a few threads of its own. The threads are made
 * by the invocation's thread, so they share its GitLab budget (request count, deadline).
 */
final class Parallel {

    private Parallel() {
    }

    /** {@code work} applied to each item, in the items' order, at most {@code threads} at a time. */
    static <T, R> List<R> map(List<T> items, int threads, Function<T, R> work) {
        if (items.size() <= 1) {
            return items.stream().map(work).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()));
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException(503, "interrupted while reading GitLab");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
