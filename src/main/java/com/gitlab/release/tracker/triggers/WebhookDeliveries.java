package com.gitlab.release.tracker.triggers;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.http.BudgetedWork;

import io.smallrye.mutiny.Uni;

/**
 * GitLab's webhook rules, applied to {@code /deployment-event}: GitLab.com waits about 10 s, counts a timeout or any
 * 4xx/5xx as a failure, disables a hook after a few in a row and never redelivers. So every well-formed event gets
 * a 2xx within {@code TRACKER_WEBHOOK_BUDGET}: the result when ready, else 202 while the work goes on (bounded by the
 * deadline) and is logged; an event that cannot be acted on is {@code skipped}, one GitLab kept failing on is
 * {@code failed} (the scheduled backfill picks it up). Only a body that is no deployment event is refused.
 */
@ApplicationScoped
public class WebhookDeliveries {
    private static final Logger LOG = Logger.getLogger(WebhookDeliveries.class);
    private static final Logger INVOCATION = Logger.getLogger("com.gitlab.release.tracker.invocation");

    private final TrackerConfig config;
    private final DeploymentEvents events;
    private final BudgetedWork budgeted;

    public WebhookDeliveries(TrackerConfig config, DeploymentEvents events, BudgetedWork budgeted) {
        this.config = config;
        this.events = events;
        this.budgeted = budgeted;
    }

    public DeploymentEvent.Answer deliver(Invocation invocation, DeploymentEvent event, String gitlabEventHeader) {
        long start = System.nanoTime();
        return budgeted.within(config.webhookBudget(), handle(invocation, event, gitlabEventHeader), (answer, failure) ->
                INVOCATION.infof("deployment-event finished after its 202: %s gitlabRequests=%d durationMs=%.1f",
                        failure != null ? "error " + failure : answer.logFields(), invocation.requests(),
                        (System.nanoTime() - start) / 1e6))
                .orElseGet(() -> DeploymentEvent.Answer.accepted("still working after " + config.webhookBudget().toMillis()
                        + " ms (TRACKER_WEBHOOK_BUDGET): the work goes on and its result goes to the note and the function's log"));
    }

    /** The event handled, with GitLab's failures turned into 2xx answers: a non-2xx buys no redelivery. */
    private Uni<DeploymentEvent.Answer> handle(Invocation invocation, DeploymentEvent event, String gitlabEventHeader) {
        return Uni.createFrom().deferred(() -> events.handle(invocation, event, gitlabEventHeader))
                .invoke(answer -> {
                    if (answer.skipped() != null) {
                        LOG.warnf("deployment event skipped: %s", answer.skipped());
                    }
                })
                .onFailure(NotFoundException.class).recoverWithItem(e -> {
                    LOG.warnf("deployment event skipped: %s", e.getMessage());
                    return DeploymentEvent.Answer.skipped(e.getMessage());
                })
                .onFailure(e -> e instanceof TrackerException && !(e instanceof BadInputException)).recoverWithItem(e -> {
                    LOG.errorf("deployment event failed (the scheduled /backfill will pick it up): %s", e.getMessage());
                    return DeploymentEvent.Answer.failed(e.getMessage());
                });
    }
}
