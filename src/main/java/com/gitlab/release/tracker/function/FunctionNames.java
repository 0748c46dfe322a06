package com.gitlab.release.tracker.function;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.gitlab.release.tracker.service.Backfill;
import com.gitlab.release.tracker.service.DeploymentEvent;
import com.gitlab.release.tracker.service.PendingPostMigrations;
import com.gitlab.release.tracker.service.RecordPackageRequest;
import com.gitlab.release.tracker.service.ReleasePostMigrations;
import com.gitlab.release.tracker.service.RollbackCheck;
import com.gitlab.release.tracker.service.WhichPackage;

/** The function's routes, in one place: the names the entry points use, and what an unknown path answer lists. */
public final class FunctionNames {

    public static final String RECORD_PACKAGE = "record-package";
    public static final String WHICH_PACKAGE = "which-package";
    public static final String ROLLBACK_CHECK = "rollback-check";
    public static final String PENDING_POST_MIGRATIONS = "pending-post-migrations";
    public static final String RELEASE_POST_MIGRATIONS = "release-post-migrations";
    public static final String DEPLOYMENT_EVENT = "deployment-event";
    public static final String BACKFILL = "backfill";
    /** Slack's slash command: form-encoded, signed by Slack. */
    public static final String SLACK = "slack";
    /** GitLab ChatOps: the command text in, the reply text out. */
    public static final String CHATOPS = "chatops";

    /** The JSON functions and the body each reads, to explain a body that cannot be read. */
    static final Map<String, Class<?>> JSON_BODIES = new TreeMap<>(Map.of(
            RECORD_PACKAGE, RecordPackageRequest.class,
            WHICH_PACKAGE, WhichPackage.Request.class,
            ROLLBACK_CHECK, RollbackCheck.Request.class,
            PENDING_POST_MIGRATIONS, PendingPostMigrations.Request.class,
            RELEASE_POST_MIGRATIONS, ReleasePostMigrations.Request.class,
            DEPLOYMENT_EVENT, DeploymentEvent.class,
            BACKFILL, Backfill.Request.class));

    private FunctionNames() {
    }

    /** Every route, as {@code /name}, sorted. */
    static List<String> paths() {
        TreeMap<String, Boolean> all = new TreeMap<>();
        JSON_BODIES.keySet().forEach(name -> all.put("/" + name, true));
        all.put("/" + SLACK, true);
        all.put("/" + CHATOPS, true);
        return List.copyOf(all.keySet());
    }
}
