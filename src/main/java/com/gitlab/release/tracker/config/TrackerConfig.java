package com.gitlab.release.tracker.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.gitlab.release.tracker.domain.notes.IssueRef;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.ReleaseTitle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * All settings, under {@code tracker.*}; each can be set as an environment variable ({@code TRACKER_GITLAB_URL}, ...).
 * Typed as they are read ({@link Converters}): a blank optional setting is unset, and a bad value stops the start.
 */
@ConfigMapping(prefix = "tracker")
public interface TrackerConfig {

    Gitlab gitlab();

    /** The project whose commits are compared (GitLab Rails). */
    @WithDefault("gitlab-org/security/gitlab")
    String sourceProject();

    /**
     * The canonical project whose merge requests hold the source project's commits ({@code gitlab-org/gitlab}):
     * GitLab's commit-to-MR look-up finds only the asked project's MRs, and the security fork has few.
     */
    @WithDefault("gitlab-org/gitlab")
    String canonicalProject();

    /**
     * The environment each recorded package with post-migrations is logged on as one deployment, in the source
     * project, so that GitLab's Environments page and deployments API show the history ({@code
     * TRACKER_PACKAGES_ENVIRONMENT}; {@code off} turns it off). Foldered, so GitLab links no MR to it.
     */
    @WithDefault("post-migrations/packages")
    @WithConverter(Converters.EnvironmentOrOff.class)
    Optional<String> packagesEnvironment();

    /**
     * Also write one note on the package's QA issue ({@code <version> QA Issue} in the release project) listing its
     * post-migrations' merge requests. Off by default: GitLab.com stopped creating QA issues in 2022.
     */
    @WithDefault("false")
    boolean qaIssueNotes();

    /** The project whose deployments give the baseline; the source project when not set. */
    @WithConverter(Converters.NonBlank.class)
    Optional<String> baselineProject();

    @WithDefault("gstg-cny")
    String baselineEnvironment();

    /** The project holding the monthly release issues. */
    @WithDefault("gitlab-org/release/tasks")
    String releaseProject();

    /** The title of a release's issue; {@code %s} is the release, e.g. {@code Release 14.8}. */
    @WithDefault("Release %s")
    @WithConverter(Converters.ReleaseTitleFormat.class)
    ReleaseTitle releaseTitle();

    @WithDefault("db/post_migrate/,ee/db/geo/post_migrate/")
    List<String> postMigratePaths();

    Note note();

    /**
     * A dedicated tracking issue, {@code group/project#IID}: package notes are written there too, and queries read
     * it as well as the monthly issues.
     */
    @WithConverter(Converters.TrackingIssue.class)
    Optional<IssueRef> trackingIssue();

    /** With a tracking issue: write notes only there, not on the monthly issues. */
    @WithDefault("false")
    boolean trackingOnly();

    /** How many monthly release issues, newest first, a query without a release reads. */
    @WithDefault("3")
    int queryReleases();

    /**
     * The function secret: every call but {@code /slack} and the health probes must carry it as a Bearer token or in
     * {@code X-Gitlab-Token}. The packaged function does not start without it unless
     * {@link #allowUnauthenticated()}.
     */
    @WithConverter(Converters.NonBlank.class)
    Optional<String> authToken();

    /**
     * Says that only trusted callers can reach the function (cluster-local Knative, Cloud Run behind IAM), so it may
     * run without {@code TRACKER_AUTH_TOKEN}.
     */
    @WithDefault("false")
    boolean allowUnauthenticated();

    /**
     * The users, besides the token's own, whose notes and issues are the function's records
     * ({@code TRACKER_TRUSTED_AUTHORS}, usernames): the bot that wrote the notes before a token change, the
     * release tooling's bot that opens the release issues. Anyone else's note or issue is ignored, however it looks.
     */
    Optional<List<String>> trustedAuthors();

    /** Who may call, as the start log and readiness say it. */
    default String callers() {
        if (authToken().isPresent()) {
            return "function secret required";
        }
        return allowUnauthenticated() ? "unauthenticated (TRACKER_ALLOW_UNAUTHENTICATED)" : "unauthenticated (dev and test only)";
    }

    Trigger trigger();

    /**
     * The longest one invocation may spend; below the platform's request timeout (60 s in deploy/). Past it the
     * function starts no new GitLab request and answers 503.
     */
    @WithDefault("50s")
    Duration deadline();

    Backfill backfill();

    /** Where post-deploy migration runs are recorded ({@code TRACKER_EXECUTION_*}). */
    @WithName("execution")
    Runs runs();

    /**
     * How long {@code /deployment-event} works before answering: GitLab gives a webhook about 10 s and disables
     * hooks that keep timing out. Past it the answer is 202 and the work goes on (bounded by the deadline).
     */
    @WithDefault("8s")
    Duration webhookBudget();

    Slack slack();

    /** The Slack slash command ({@code /slack}). */
    interface Slack {
        /** The Slack app's signing secret; without it {@code /slack} does not exist (404). Never logged. */
        @WithConverter(Converters.NonBlank.class)
        Optional<String> signingSecret();

        /** How long a command works before answering "Working on it…" (Slack waits 3 s). */
        @WithDefault("2500ms")
        Duration budget();

        /**
         * Slack's incoming webhook for the notice of a post-deploy migration run that starts; none: no message. Its path
         * is a credential: never logged or shown.
         */
        @WithConverter(Converters.SlackWebhookUrl.class)
        Optional<URI> webhookUrl();

        /** A slower result is POSTed to the command's {@code response_url} only when it starts with this. */
        @WithDefault("https://hooks.slack.com/")
        @WithConverter(Converters.SlackResponseUrlPrefix.class)
        URI responseUrlPrefix();
    }

    /** How long a release issue found by title is remembered (issue search is rate-limited on GitLab.com). */
    @WithDefault("10m")
    Duration issueCache();

    default String baselineProjectOrSource() {
        return baselineProject().orElse(sourceProject());
    }

    interface Gitlab {
        @WithDefault("https://gitlab.com")
        @WithConverter(Converters.GitLabUrl.class)
        URI url();

        /** Sent as {@code PRIVATE-TOKEN}; never logged. */
        @WithConverter(Converters.NonBlank.class)
        Optional<String> token();

        Retry retry();

        /**
         * GitLab reads one call makes at the same time (pages of notes, files, issues): the wall time of a read of
         * many pages is then a few round trips, while one call never floods GitLab.
         */
        @WithDefault("8")
        int concurrency();

        /**
         * Right after start, one read of the source project (its default branch, remembered for the first package's
         * deployment): the first call then finds the HTTP client, its connection to GitLab and its reading of answers
         * ready, and a token that cannot see the project shows in the start log ({@code TRACKER_GITLAB_WARM_UP}).
         */
        @WithDefault("true")
        boolean warmUp();
    }

    interface Retry {
        /** Retries after the first attempt, for connection errors, timeouts, 5xx and 429. */
        @WithDefault("4")
        int maxRetries();

        /** First back-off; it doubles each retry, with full jitter. */
        @WithDefault("200ms")
        Duration initialDelay();

        /** Longest single wait, also the cap on a {@code Retry-After} GitLab asks for. */
        @WithDefault("5s")
        Duration maxDelay();
    }

    /** Which deployment events {@code /deployment-event} acts on. */
    interface Trigger {
        @WithDefault("gstg-cny")
        List<String> environments();

        @WithDefault("running,success")
        List<String> statuses();
    }

    /** Where post-deploy migration runs are recorded: one GitLab environment per database. */
    interface Runs {
        /** The database environments whose successful deployments are post-deploy migration runs. */
        @WithDefault("db/gstg,db/gprd")
        @WithConverter(Converters.RunEnvironment.class)
        List<DatabaseEnvironment> environments();

        /** The project holding those deployments; the baseline project when not set. */
        @WithConverter(Converters.NonBlank.class)
        Optional<String> project();

        /** The production database: only post-migrations executed there go into the monthly release. */
        @WithDefault("db/gprd")
        @WithConverter(Converters.ProductionDatabase.class)
        DatabaseEnvironment production();
    }

    default String runProject() {
        return runs().project().orElse(baselineProjectOrSource());
    }

    interface Backfill {
        /** Packages recorded at once. */
        @WithDefault("4")
        int concurrency();
    }

    /** The pending post-migrations gauges at {@code /q/metrics}. */
    PendingMetric pendingMetric();

    interface PendingMetric {
        /** The environments whose pending post-migrations are counted ({@code TRACKER_PENDING_METRIC_ENVIRONMENTS}). */
        @WithDefault("gprd")
        List<String> environments();

        /** How long a computed count is served to scrapes before GitLab is asked again. */
        @WithDefault("60s")
        Duration ttl();
    }

    interface Note {
        /** The {@code post_deploy_migrations_note} flag: false computes and answers, and writes nothing. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Pages of an issue's notes (100 notes each) read at most ({@code TRACKER_NOTE_PAGES}): anyone may comment on
         * a release issue, and a flood of notes must not make every call read and hold them all. Beyond it, an
         * answer says what was not read, and no note is written on that issue (its note may be among the unread).
         */
        @WithDefault("50")
        int pages();
    }
}
