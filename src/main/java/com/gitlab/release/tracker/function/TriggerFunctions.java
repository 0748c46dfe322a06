package com.gitlab.release.tracker.function;

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

    @Funq("deployment-event")
    public DeploymentEvent.Answer deploymentEvent(DeploymentEvent event) {
        return events.handle(event, request.getCurrent().request().getHeader("X-Gitlab-Event"));
    }

    @Funq("backfill")
    public Backfill.Answer backfill(Backfill.Request body) {
        return backfiller.backfill(body);
    }
}
