package com.gitlab.release.tracker.triggers;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.UtcTime;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;

/**
 * What a backfill records: from an environment's deployments, read newest first, the packages first deployed in
 * a window, each with the deployment of another commit before it as its baseline. Pure: the deployments are
 * handed to it one at a time ({@link #take}), and it says when it has read enough.
 */
final class BackfillWindow {
    /** Deployments read beyond the window to find the first package's baseline, at most. */
    static final int BASELINE_LOOK_BACK = 200;

    /** One package to record: its first deployment in the window and the baseline before it. */
    record Job(GitLabDeployment deployment, GitLabDeployment baseline) {
    }

    private final Instant since;
    private final Instant until;
    private final List<GitLabDeployment> within = new ArrayList<>();
    private final List<GitLabDeployment> before = new ArrayList<>();
    private boolean done;
    private int read;

    /** {@code until} is exclusive. */
    BackfillWindow(Instant since, Instant until) {
        if (!since.isBefore(until)) {
            throw new BadInputException("since must be before until");
        }
        this.since = since;
        this.until = until;
    }

    Instant since() {
        return since;
    }

    Instant until() {
        return until;
    }

    /**
     * A caller's bound: an ISO-8601 time such as {@code 2022-02-01T00:00:00Z}, or a duration back from {@code now}
     * such as {@code PT6H} (for schedules); {@code fallback} when not given.
     */
    static Instant bound(String field, String text, Instant fallback, Instant now) {
        if (Input.blank(text)) {
            return fallback;
        }
        String trimmed = text.trim();
        try {
            if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
                return now.minus(Duration.parse(trimmed));
            }
            Optional<Instant> at = UtcTime.parse(trimmed);
            if (at.isPresent()) {
                return at.get();
            }
        } catch (DateTimeException | ArithmeticException e) {
            // refused below: not a time or duration, or one that reaches before any instant
        }
        throw new BadInputException(field + ": '" + Input.shown(text) + "' is neither an ISO-8601 time such as 2022-02-01T00:00:00Z"
                + " nor a duration back from now such as PT6H");
    }

    /** Takes the next older deployment; false once no more are needed. */
    boolean take(GitLabDeployment d) {
        if (done) {
            return false;
        }
        read++;
        Instant at = createdAt(d);
        if (!at.isBefore(until)) {
            return true;
        }
        if (!at.isBefore(since)) {
            within.add(d);
            return true;
        }
        // Older than the window: read on only until a deployment of another commit, the first one's baseline.
        if (within.isEmpty() || before.size() >= BASELINE_LOOK_BACK) {
            done = true;
            return false;
        }
        before.add(d);
        if (d.sha() != null && !d.sha().equals(within.get(within.size() - 1).sha())) {
            done = true;
        }
        return true;
    }

    /** When nothing is to be recorded, why: the environment has no deployment at all, or none in the window. */
    Optional<String> nothingToRecord(String environment, String project) {
        if (read == 0) {
            return Optional.of("no successful deployment to " + Input.shown(environment) + " in " + project
                    + " at all: is the environment's name right?");
        }
        return jobs().isEmpty() ? Optional.of("no package first deployed to " + Input.shown(environment) + " between " + since + " and "
                + (until.equals(Instant.MAX) ? "now" : until.toString())) : Optional.empty();
    }

    /**
     * One job per distinct commit deployed in the window, oldest first, against the latest earlier deployment of
     * another commit; re-deploys of a commit are not recorded again.
     */
    List<Job> jobs() {
        // Both lists were read newest first, the window's deployments before the older ones.
        List<GitLabDeployment> all = new ArrayList<>(within);
        all.addAll(before);
        Collections.reverse(all);
        int firstWithin = before.size();
        List<Job> jobs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        GitLabDeployment previous = null;
        GitLabDeployment previousOther = null;
        for (int i = 0; i < all.size(); i++) {
            GitLabDeployment d = all.get(i);
            if (!CommitSha.isSha(d.sha())) {
                continue;
            }
            if (previous != null && !previous.sha().equals(d.sha())) {
                previousOther = previous;
            }
            if (i >= firstWithin && seen.add(d.sha()) && previousOther != null) {
                jobs.add(new Job(d, previousOther));
            }
            previous = d;
        }
        return jobs;
    }

    /** When GitLab created a deployment (else last updated it); the epoch when it does not say. */
    static Instant createdAt(GitLabDeployment d) {
        return UtcTime.parse(d.createdAt() != null ? d.createdAt() : d.updatedAt()).orElse(Instant.EPOCH);
    }
}
