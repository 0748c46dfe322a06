package com.gitlab.release.tracker.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.migrations.RollbackRisk;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;
import com.gitlab.release.tracker.queries.PendingPostMigrations;
import com.gitlab.release.tracker.queries.RollbackTargets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * Each environment of {@code TRACKER_PENDING_METRIC_ENVIRONMENTS} as Prometheus gauges:
 * {@code tracker_pending_post_migrations} (what {@code /pending-post-migrations} counts),
 * {@code tracker_oldest_pending_post_migration_age_seconds} (since the package that brought the oldest one was
 * deployed there) and {@code tracker_rollback_safe_packages} (the earlier packages {@code /rollback-targets} finds the
 * strict rule allows). Computed when scraped, at most once per {@code TRACKER_PENDING_METRIC_TTL}, side by side; a
 * GitLab failure keeps the last values and counts {@code tracker_pending_scrape_errors_total}, it never fails the
 * scrape.
 */
@ApplicationScoped
public class EnvironmentGauges {
    private static final Logger LOG = Logger.getLogger(EnvironmentGauges.class);
    /** Deployments looked at to find when a pending post-migration's package was deployed. */
    private static final int LOOK_BACK = 200;

    private final TrackerConfig config;
    private final PendingPostMigrations pending;
    private final RollbackTargets targets;
    private final GitLab gitlab;
    private final Map<String, Reading> readings = new HashMap<>();
    private Counter errors;

    public EnvironmentGauges(TrackerConfig config, PendingPostMigrations pending, RollbackTargets targets, GitLab gitlab) {
        this.targets = targets;
        this.config = config;
        this.pending = pending;
        this.gitlab = gitlab;
    }

    /** One environment's last computed values, and the computation under way. */
    private final class Reading {
        private final String environment;
        /** Pending post-migrations by rollback risk ({@link RollbackRisk} order). */
        private final double[] byRisk = nans(RollbackRisk.values().length);
        private double oldestAgeSeconds = Double.NaN;
        private double safeTargets = Double.NaN;
        private double compatibleTargets = Double.NaN;
        private long computedAtNanos;
        private boolean computed;
        private CompletableFuture<Void> running;

        Reading(String environment) {
            this.environment = environment;
        }

        double pending(RollbackRisk risk) {
            refresh();
            synchronized (this) {
                return byRisk[risk.ordinal()];
            }
        }

        double oldestAgeSeconds() {
            refresh();
            synchronized (this) {
                return oldestAgeSeconds;
            }
        }

        double safeTargets() {
            refresh();
            synchronized (this) {
                return safeTargets;
            }
        }

        double compatibleTargets() {
            refresh();
            synchronized (this) {
                return compatibleTargets;
            }
        }

        /**
         * Computes again when the values are older than the TTL; waits for it on a worker thread (a scrape), never on
         * an event loop, where the scrape gets the last values and the next one the new.
         */
        private void refresh() {
            CompletableFuture<Void> wait;
            synchronized (this) {
                boolean fresh = computed && System.nanoTime() - computedAtNanos < config.pendingMetric().ttl().toNanos();
                if (fresh) {
                    return;
                }
                if (running == null) {
                    running = compute(environment).subscribeAsCompletionStage()
                            .handle((values, failure) -> {
                                settle(values, failure);
                                return null;
                            });
                }
                wait = running;
            }
            if (!Context.isOnEventLoopThread()) {
                try {
                    wait.get(config.deadline().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    // settle() has counted it; the last values stay.
                }
            }
        }

        private synchronized void settle(Values values, Throwable failure) {
            running = null;
            computedAtNanos = System.nanoTime();
            computed = true;
            if (failure != null) {
                errors.increment();
                LOG.warnf("pending post-migrations on %s not computed for the metric: %s", environment, failure.getMessage());
                return;
            }
            System.arraycopy(values.byRisk(), 0, byRisk, 0, byRisk.length);
            oldestAgeSeconds = values.oldestAgeSeconds();
            safeTargets = values.safeTargets();
            compatibleTargets = values.compatibleTargets();
        }
    }

    void register(@Observes StartupEvent started, MeterRegistry registry) {
        errors = Counter.builder("tracker.pending.scrape.errors")
                .description("Scrapes whose pending post-migrations could not be computed (GitLab failing); the last values stay")
                .register(registry);
        for (String environment : config.pendingMetric().environments()) {
            Reading reading = readings.computeIfAbsent(environment, Reading::new);
            for (RollbackRisk risk : RollbackRisk.values()) {
                Gauge.builder("tracker.pending.post.migrations", reading, r -> r.pending(risk))
                        .description("Post-deployment migrations deployed to the environment but not executed on its database,"
                                + " by rollback risk (sum by environment for all)")
                        .tag("environment", environment).tag("risk", risk.value()).register(registry);
            }
            Gauge.builder("tracker.oldest.pending.post.migration.age", reading, Reading::oldestAgeSeconds)
                    .description("Since the package that brought the oldest pending post-deployment migration was deployed")
                    .baseUnit("seconds").tag("environment", environment).register(registry);
            Gauge.builder("tracker.rollback.safe.packages", reading, Reading::safeTargets)
                    .description("Earlier packages the environment can roll back to by the strict rule (of the last "
                            + "20 deployed before the current one)")
                    .tag("environment", environment).register(registry);
            Gauge.builder("tracker.rollback.compatible.packages", reading, Reading::compatibleTargets)
                    .description("Earlier packages before the breaking point: those whose own code survives what ran beyond them"
                            + " (of the last 20 deployed before the current one)")
                    .tag("environment", environment).register(registry);
        }
    }

    /**
     * The pending count, the oldest one's age in seconds (NaN when no package of a pending one is known) and the safe
     * rollback targets, side by side.
     */
    /** One computation's values. */
    private record Values(double[] byRisk, double oldestAgeSeconds, double safeTargets, double compatibleTargets) {
    }

    private static double[] nans(int size) {
        double[] values = new double[size];
        java.util.Arrays.fill(values, Double.NaN);
        return values;
    }

    /** Each pending post-migration counted by its rollback risk; one whose risk is not known counts as unknown. */
    private static double[] byRisk(PendingPostMigrations.Answer answer) {
        double[] counts = new double[RollbackRisk.values().length];
        answer.pending().forEach(entry -> counts[java.util.Arrays.stream(RollbackRisk.values())
                .filter(risk -> risk.value().equals(entry.rollbackRisk())).findFirst().orElse(RollbackRisk.UNKNOWN).ordinal()]++);
        return counts;
    }

    private Uni<Values> compute(String environment) {
        Invocation invocation = Invocation.start(config.deadline());
        Uni<PendingPostMigrations.Answer> pendingAnswer = Uni.createFrom().deferred(() -> pending.answer(invocation,
                new PendingPostMigrations.Request(environment, null)));
        Uni<Map.Entry<double[], Double>> pendingValues = pendingAnswer.chain(answer -> oldestDeployedAt(invocation, answer)
                .map(at -> Map.entry(byRisk(answer), at.map(t -> (double) Duration.between(t, Instant.now()).toSeconds()).orElse(Double.NaN))));
        Uni<RollbackTargets.Answer> rollback = Uni.createFrom().deferred(() -> targets.answer(invocation,
                new RollbackTargets.Request(environment)));
        return Concurrently.both(pendingValues, rollback, (values, answer) -> new Values(values.getKey(), values.getValue(),
                answer.safeTargets(), answer.compatibleTargets()));
    }

    /**
     * When the first of the pending post-migrations' packages reached the environment: the earliest successful
     * deployment of one of their commits among the last {@value #LOOK_BACK}; else, for a package not found there, its
     * build time (a little earlier than its deployment). Nothing pending: now.
     */
    private Uni<Optional<Instant>> oldestDeployedAt(Invocation invocation, PendingPostMigrations.Answer answer) {
        if (answer.pending().isEmpty()) {
            return Uni.createFrom().item(Optional.of(Instant.now()));
        }
        List<PackageVersion> packages = answer.pending().stream().map(PostMigrationEntry::packageName)
                .filter(PackageVersion::looksLikeVersion).distinct().map(PackageVersion::parse).toList();
        if (packages.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Map<PackageVersion, Instant> deployedAt = new HashMap<>();
        return gitlab.deployments(invocation, config.baselineProjectOrSource(), answer.environment(), "success", 100)
                .select().first(LOOK_BACK)
                .invoke(d -> packages.stream()
                        .filter(p -> new CommitSha(p.railsSha()).sameCommit(d.sha()))
                        // Newest first: the last one seen is the first time the package reached the environment.
                        .forEach(p -> d.finished().ifPresent(at -> deployedAt.put(p, at))))
                .collect().last()
                .map(ignored -> packages.stream().map(p -> deployedAt.getOrDefault(p, p.builtAt())).min(Instant::compareTo));
    }
}
