package com.gitlab.release.tracker.domain.rollback;

import java.util.ArrayList;
import java.util.List;

/**
 * How a post-deploy migration run moves an environment's rollback horizon, from its rollback targets judged as they
 * are and as they would be once the run has executed: the targets safe now that the strict rule would refuse after
 * ({@code lostTargets}), the point of no return before and after, and the targets whose own code would break on
 * what the run executes ({@code newlyBreaking}: breaking after, not before).
 * <p>
 * Example: targets B (safe), A (safe) now; after a run that removes a column A still reads: B lost (not safe, its code
 * ignores the column), A lost and newly breaking; the point of no return moves from none to B.
 */
public record HorizonMove(List<String> lostTargets, String pointOfNoReturn, String pointOfNoReturnAfter,
        List<String> newlyBreaking, String breakingPoint, String breakingPointAfter) {

    /** A rollback target as judged: safe by the strict rule; breaking by its own code. */
    public record Judged(String packageName, boolean safe, boolean breaking) {
    }

    public HorizonMove {
        lostTargets = List.copyOf(lostTargets);
        newlyBreaking = List.copyOf(newlyBreaking);
    }

    /** The move between the same targets (newest first) judged now and after the run. */
    public static HorizonMove between(List<Judged> now, List<Judged> after) {
        if (now.size() != after.size()) {
            throw new IllegalArgumentException("the targets before and after a run are the same packages");
        }
        List<String> lost = new ArrayList<>();
        List<String> breaking = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) {
            if (!now.get(i).packageName().equals(after.get(i).packageName())) {
                throw new IllegalArgumentException("the targets before and after a run are the same packages, in one order");
            }
            if (now.get(i).safe() && !after.get(i).safe()) {
                lost.add(now.get(i).packageName());
            }
            if (!now.get(i).breaking() && after.get(i).breaking()) {
                breaking.add(now.get(i).packageName());
            }
        }
        return new HorizonMove(lost, firstUnsafe(now), firstUnsafe(after), breaking, firstBreaking(now), firstBreaking(after));
    }

    /** Whether the run changes any target's verdict. */
    public boolean moves() {
        return !lostTargets.isEmpty() || !newlyBreaking.isEmpty();
    }

    private static String firstUnsafe(List<Judged> targets) {
        return targets.stream().filter(t -> !t.safe()).map(Judged::packageName).findFirst().orElse(null);
    }

    private static String firstBreaking(List<Judged> targets) {
        return targets.stream().filter(Judged::breaking).map(Judged::packageName).findFirst().orElse(null);
    }
}
