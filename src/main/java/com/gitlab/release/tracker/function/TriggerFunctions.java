package com.gitlab.release.tracker.function;

import java.util.Map;

import jakarta.inject.Inject;

import com.gitlab.release.tracker.service.Backfill;
import com.gitlab.release.tracker.service.Backfiller;
import com.gitlab.release.tracker.service.DeploymentEvent;
import com.gitlab.release.tracker.service.DeploymentEvents;

import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/** Triggers: GitLab's Deployment webhook ({@code /deployment-event}) and {@code /backfill}. */
public class TriggerFunctions {

    @Inject
    DeploymentEvents events;

    @Inject
    Backfiller backfiller;

    @Inject
    CurrentVertxRequest request;

    @Inject
    InvocationLog log;

    @Funq("deployment-event")
    public DeploymentEvent.Answer deploymentEvent(DeploymentEvent event) {
        String header = request.getCurrent().request().getHeader("X-Gitlab-Event");
        return log.run("deployment-event", () -> events.handle(event, header),
                answer -> answer.skipped() != null ? Map.of("skipped", answer.skipped())
                        : answer.recorded() != null ? InvocationLog.fields(answer.recorded())
                        : Map.of("environment", answer.execution().environment(), "deploymentId",
                                answer.execution().deploymentId(), "executed", answer.execution().executed().size(),
                                "note", answer.execution().note().status()));
    }

    @Funq("backfill")
    public Backfill.Answer backfill(Backfill.Request body) {
        return log.run("backfill", () -> backfiller.backfill(body), answer -> Map.of("environment", answer.environment(),
                "packages", answer.packages().size(), "created", answer.created(), "failed", answer.failed()));
    }
}
