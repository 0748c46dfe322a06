package com.gitlab.release.tracker.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Checks the settings' ranges and combinations when the process starts, so that a bad one stops the process with a
 * message naming the variable, instead of a process that looks ready and answers 500 to every call. Values that do
 * not even have their type (a URL, an issue, a database environment, the release title) are refused before, as
 * the configuration is read ({@link Converters}).
 */
@ApplicationScoped
public class ConfigurationCheck {
    private static final Logger LOG = Logger.getLogger(ConfigurationCheck.class);

    /** Thrown at start-up when a setting is wrong: the process exits. */
    public static final class InvalidConfigurationException extends RuntimeException {
        InvalidConfigurationException(String message) {
            super(message);
        }
    }

    void onStart(@Observes StartupEvent event, TrackerConfig config) {
        List<String> problems = problems(config, LaunchMode.current() == LaunchMode.NORMAL);
        if (!problems.isEmpty()) {
            String message = "invalid configuration, the function does not start: " + String.join("; ", problems);
            LOG.error(message);
            throw new InvalidConfigurationException(message);
        }
        LOG.infof("callers: %s", config.callers());
    }

    /**
     * What is wrong with the settings, each naming its environment variable and what is expected; empty when none.
     *
     * @param packaged the packaged function (prod), which must not run open to anyone by mistake; dev mode and the
     *         tests may
     */
    public static List<String> problems(TrackerConfig config, boolean packaged) {
        List<String> problems = new ArrayList<>();
        if (packaged && config.authToken().isEmpty() && !config.allowUnauthenticated()) {
            problems.add("TRACKER_AUTH_TOKEN is not set: anyone who reaches the function could make it write notes with"
                    + " the GitLab token. Set TRACKER_AUTH_TOKEN to a random secret (callers send it as 'Authorization:"
                    + " Bearer <secret>' or 'X-Gitlab-Token'), or set TRACKER_ALLOW_UNAUTHENTICATED=true when only trusted"
                    + " callers can reach the function (cluster-local Knative, Cloud Run behind IAM)");
        }
        if (config.trackingOnly() && config.trackingIssue().isEmpty()) {
            problems.add("TRACKER_TRACKING_ONLY=true needs TRACKER_TRACKING_ISSUE");
        }
        if (Converters.refused(config.gitlab().url())) {
            problems.add(Converters.refusal("TRACKER_GITLAB_URL", null));
        }
        if (config.slack().webhookUrl().filter(Converters::refused).isPresent()) {
            problems.add("TRACKER_SLACK_WEBHOOK_URL must be the http(s) URL of a Slack incoming webhook, such as"
                    + " https://hooks.slack.com/services/...; the value is not shown (it is a credential)");
        }
        if (Converters.refused(config.slack().responseUrlPrefix())) {
            problems.add(Converters.refusal("TRACKER_SLACK_RESPONSE_URL_PREFIX", null));
        }
        notBlank(problems, "TRACKER_SOURCE_PROJECT", config.sourceProject());
        notBlank(problems, "TRACKER_RELEASE_PROJECT", config.releaseProject());
        notBlank(problems, "TRACKER_BASELINE_ENVIRONMENT", config.baselineEnvironment());
        notEmpty(problems, "TRACKER_POST_MIGRATE_PATHS", config.postMigratePaths());
        notEmpty(problems, "TRACKER_TRIGGER_ENVIRONMENTS", config.trigger().environments());
        notEmpty(problems, "TRACKER_TRIGGER_STATUSES", config.trigger().statuses());
        positive(problems, "TRACKER_DEADLINE", config.deadline());
        positive(problems, "TRACKER_WEBHOOK_BUDGET", config.webhookBudget());
        if (!config.deadline().isNegative() && !config.deadline().isZero() && config.webhookBudget().compareTo(config.deadline()) > 0) {
            problems.add("TRACKER_WEBHOOK_BUDGET (" + config.webhookBudget() + ") must not be longer than TRACKER_DEADLINE ("
                    + config.deadline() + ")");
        }
        positive(problems, "TRACKER_ISSUE_CACHE", config.issueCache());
        positive(problems, "TRACKER_GITLAB_RETRY_INITIAL_DELAY", config.gitlab().retry().initialDelay());
        positive(problems, "TRACKER_GITLAB_RETRY_MAX_DELAY", config.gitlab().retry().maxDelay());
        if (config.gitlab().retry().maxRetries() < 0) {
            problems.add("TRACKER_GITLAB_RETRY_MAX_RETRIES must be 0 or more; got " + config.gitlab().retry().maxRetries());
        }
        positive(problems, "TRACKER_SLACK_BUDGET", config.slack().budget());
        positive(problems, "TRACKER_PENDING_METRIC_TTL", config.pendingMetric().ttl());
        atLeastOne(problems, "TRACKER_QUERY_RELEASES", config.queryReleases());
        atLeastOne(problems, "TRACKER_BACKFILL_CONCURRENCY", config.backfill().concurrency());
        atLeastOne(problems, "TRACKER_GITLAB_CONCURRENCY", config.gitlab().concurrency());
        atLeastOne(problems, "TRACKER_NOTE_PAGES", config.note().pages());
        config.trustedAuthors().orElse(List.of()).stream().filter(name -> !isUsername(name)).findFirst().ifPresent(name ->
                problems.add("TRACKER_TRUSTED_AUTHORS must name GitLab usernames, comma-separated, such as"
                        + " gitlab-release-tools-bot; got '" + name + "'"));
        return problems;
    }

    /** A GitLab username, {@code @} before it allowed: letters, digits, {@code _}, {@code -} and {@code .}. */
    static boolean isUsername(String name) {
        String bare = name.trim().startsWith("@") ? name.trim().substring(1) : name.trim();
        return !bare.isEmpty() && bare.length() <= 255
                && bare.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.'));
    }

    private static void notBlank(List<String> problems, String variable, String value) {
        if (value == null || value.isBlank()) {
            problems.add(variable + " must not be empty");
        }
    }

    private static void notEmpty(List<String> problems, String variable, List<String> values) {
        if (values == null || values.stream().allMatch(String::isBlank)) {
            problems.add(variable + " must name at least one value");
        }
    }

    private static void positive(List<String> problems, String variable, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(variable + " must be a positive duration such as 50s; got '" + value + "'");
        }
    }

    private static void atLeastOne(List<String> problems, String variable, int value) {
        if (value < 1) {
            problems.add(variable + " must be 1 or more; got " + value);
        }
    }
}
