package com.gitlab.release.tracker.domain.migrations;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;

/**
 * Whether rolling an environment back to a target package is safe, by the point of no return: once a
 * post-migration has run on the environment's database, a package without it is unsafe to go back to. A
 * post-migration deployed but not run simply does not run after the rollback (it is dropped, not blocking). With no
 * run on record, every post-migration introduced since the target blocks, as before post-deploy migrations ran apart.
 *
 * @param blocking the post-migrations that make the rollback unsafe
 * @param pendingDropped deployed since the target but not run: they would not run after the rollback
 * @param reasons why it is unsafe, or what it was judged by; empty when plainly safe
 */
public record RollbackVerdict(boolean safe, SortedSet<String> blocking, SortedSet<String> pendingDropped, List<String> reasons) {

    public RollbackVerdict {
        blocking = new TreeSet<>(blocking);
        pendingDropped = new TreeSet<>(pendingDropped);
        reasons = List.copyOf(reasons);
    }

    /**
     * @param database the environment's database, named in the reason when no run is on record
     * @param sinceTarget the post-migrations introduced between the target and the deployed package
     * @param executedSinceTarget those introduced between the target and the last run's commit: what has run since
     *         the target; empty when no run is on record
     * @param inProgress a deployment to the environment or a run on its database is under way
     */
    public static RollbackVerdict judge(DatabaseEnvironment database, SortedSet<String> sinceTarget,
            Optional<SortedSet<String>> executedSinceTarget, boolean inProgress) {
        SortedSet<String> blocking;
        SortedSet<String> pendingDropped = new TreeSet<>();
        List<String> reasons = new ArrayList<>();
        if (executedSinceTarget.isPresent()) {
            blocking = executedSinceTarget.get();
            sinceTarget.stream().filter(path -> !blocking.contains(path)).forEach(pendingDropped::add);
            if (!blocking.isEmpty()) {
                reasons.add("post-migrations executed");
            }
        } else {
            blocking = sinceTarget;
            reasons.add("no post-deploy migration run on record for " + database
                    + ", judged by post-migrations introduced since target: " + (blocking.isEmpty() ? "none" : blocking.size()));
        }
        if (inProgress) {
            reasons.add("deployment in progress");
        }
        return new RollbackVerdict(blocking.isEmpty() && !inProgress, blocking, pendingDropped, reasons);
    }

    /** The reasons in one line; {@code none} when there is none. */
    public String reason() {
        return reasons.isEmpty() ? "none" : String.join("; ", reasons);
    }
}
