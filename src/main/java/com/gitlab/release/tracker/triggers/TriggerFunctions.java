package com.gitlab.release.tracker.triggers;

import java.util.Map;

import jakarta.inject.Inject;

import com.gitlab.release.tracker.http.FunctionNames;
import com.gitlab.release.tracker.http.InvocationLog;
import com.gitlab.release.tracker.http.ResponseStatus;

import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;

/** Triggers: GitLab's Deployment webhook ({@code /deployment-event}) and {@code /backfill}. */
public class TriggerFunctions {

    @Inject
    WebhookDeliveries deliveries;

    @Inject
    Backfiller backfiller;

    @Inject
    CurrentVertxRequest request;

    @Inject
    InvocationLog log;

    @Funq(FunctionNames.DEPLOYMENT_EVENT)
    public DeploymentEvent.Answer deploymentEvent(DeploymentEvent event) {
        String header = request.getCurrent().request().getHeader("X-Gitlab-Event");
        DeploymentEvent.Answer answer = log.runWaiting(FunctionNames.DEPLOYMENT_EVENT, invocation -> deliveries.deliver(invocation, event, header),
                DeploymentEvent.Answer::logFields, a -> Boolean.TRUE.equals(a.accepted()) ? 202 : 200);
        if (Boolean.TRUE.equals(answer.accepted())) {
            ResponseStatus.set(request.getCurrent(), 202);
        }
        return answer;
    }

    @Funq(FunctionNames.BACKFILL)
    public Uni<Backfill.Answer> backfill(Backfill.Request body) {
        return log.run(FunctionNames.BACKFILL, invocation -> backfiller.backfill(invocation, body), answer -> Map.of("environment", answer.environment(),
                "packages", answer.packages().size(), "created", answer.created(), "failed", answer.failed()));
    }
}
