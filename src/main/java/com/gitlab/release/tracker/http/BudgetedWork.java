package com.gitlab.release.tracker.http;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.TrackerException;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Work a caller waits for only so long (GitLab's webhook timeout, Slack's 3 s): the result when it is ready within
 * the budget, else nothing, while the work goes on in this process (within its invocation's deadline) and hands
 * its result to a callback. Called from a worker thread: it waits.
 */
@ApplicationScoped
public class BudgetedWork {

    private final TrackerConfig config;
    /** Work answered for (202, "Working on it…") and still running: shutdown waits for it. */
    private final Set<CompletableFuture<?>> late = ConcurrentHashMap.newKeySet();

    public BudgetedWork(TrackerConfig config) {
        this.config = config;
    }

    /**
     * Runs {@code work}; its failure within {@code budget} is thrown here.
     *
     * @param whenLate gets the result (or the failure) of work that was not ready within {@code budget}
     */
    public <T> Optional<T> within(Duration budget, Uni<T> work, BiConsumer<T, Throwable> whenLate) {
        // Subscribed on a worker thread: what the work does before its first wait (a cold start's bean creation and
        // class loading) counts against the budget instead of delaying the answer.
        CompletableFuture<T> running = work.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).subscribeAsCompletionStage();
        try {
            return Optional.of(running.get(budget.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            late.add(running);
            // On a worker thread: the work ends on an event-loop thread, and a late answer may block (Slack's POST).
            running.whenCompleteAsync((result, failure) -> {
                late.remove(running);
                whenLate.accept(result, failure);
            }, Infrastructure.getDefaultWorkerPool());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException(503, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** On shutdown, work already answered for finishes (each piece within its deadline). */
    @PreDestroy
    void finishAcceptedWork() throws InterruptedException {
        try {
            CompletableFuture.allOf(late.toArray(CompletableFuture[]::new)).get(config.deadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Each piece logs its own outcome; shutdown goes on.
        }
    }
}
