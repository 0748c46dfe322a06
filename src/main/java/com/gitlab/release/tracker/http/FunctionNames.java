package com.gitlab.release.tracker.http;

import java.util.List;
import java.util.TreeSet;

/** The function's routes, in one place: the names the entry points use, and what an unknown path answer lists. */
public final class FunctionNames {

    public static final String RECORD_PACKAGE = "record-package";
    public static final String WHICH_PACKAGE = "which-package";
    public static final String ROLLBACK_CHECK = "rollback-check";
    public static final String ROLLBACK_TARGETS = "rollback-targets";
    public static final String PENDING_POST_MIGRATIONS = "pending-post-migrations";
    public static final String RELEASE_POST_MIGRATIONS = "release-post-migrations";
    public static final String NEXT_RUN = "next-run";
    public static final String DEPLOYMENT_EVENT = "deployment-event";
    public static final String BACKFILL = "backfill";
    /** Slack's slash command: form-encoded, signed by Slack. */
    public static final String SLACK = "slack";
    /** GitLab ChatOps: the command text in, the reply text out. */
    public static final String CHATOPS = "chatops";

    /** The JSON functions (funqy's), each bound from a JSON body. */
    public static final List<String> JSON_FUNCTIONS = List.of(RECORD_PACKAGE, WHICH_PACKAGE, ROLLBACK_CHECK, ROLLBACK_TARGETS,
            PENDING_POST_MIGRATIONS, RELEASE_POST_MIGRATIONS, NEXT_RUN, DEPLOYMENT_EVENT, BACKFILL);

    private FunctionNames() {
    }

    /** Every function's name, sorted. */
    static List<String> all() {
        TreeSet<String> all = new TreeSet<>(JSON_FUNCTIONS);
        all.add(SLACK);
        all.add(CHATOPS);
        return List.copyOf(all);
    }

    /** Every route, as {@code /name}, sorted. */
    static List<String> paths() {
        return all().stream().map(name -> "/" + name).toList();
    }
}
