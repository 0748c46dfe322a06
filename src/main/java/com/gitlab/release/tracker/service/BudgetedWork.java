package com.gitlab.release.tracker.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.gitlab.InvocationScope;

/**
 * Work a caller waits for only so long (GitLab's webhook timeout, Slack's 3 s): the result when it is ready within
 * the budget, else nothing, while the work goes on in this process (within the invocation's deadline, which it
 * shares) and hands its result to a callback.
 */
@ApplicationScoped
public class BudgetedWork {

    private final TrackerConfig config;
    /** Threads are made on demand and end when idle. */
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "budgeted-work");
        thread.setDaemon(true);
        return thread;
    });

    public BudgetedWork(TrackerConfig config) {
        this.config = config;
    }

    /**
     * Runs {@code work} within the current invocation's budget; its failure within {@code budget} is thrown here.
     *
     * @param whenLate gets the result (or the failure) of work that was not ready within {@code budget}
     */
    public <T> Optional<T> within(Duration budget, Supplier<T> work, BiConsumer<T, Throwable> whenLate) {
        InvocationScope scope = InvocationScope.current()
                .orElseThrow(() -> new IllegalStateException("budgeted work runs within an invocation"));
        CompletableFuture<T> running = CompletableFuture.supplyAsync(() -> scope.runIn(work), background);
        try {
            return Optional.of(running.get(budget.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            running.whenComplete(whenLate);
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
        background.shutdown();
        background.awaitTermination(config.deadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
