package com.gitlab.release.tracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Every setting is checked at start: each bad value is named with its variable and what is expected. */
class ConfigurationCheckTest {

    /**
     * What is wrong with the settings: values of the wrong form, as the configuration is read (each converter's
     * message), else the checks at start.
     */
    private static List<String> problems(Map<String, String> settings) {
        return problems(settings, false);
    }

    private static TrackerConfig config(Map<String, String> settings) {
        // Quarkus reads durations such as "50s" with its own converter.
        return new SmallRyeConfigBuilder().withMapping(TrackerConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(new HashMap<>(settings), "test", 500)).build()
                .getConfigMapping(TrackerConfig.class);
    }

    private static List<String> problems(Map<String, String> settings, boolean packaged) {
        TrackerConfig config;
        try {
            config = config(settings);
        } catch (ConfigValidationException e) {
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < e.getProblemCount(); i++) {
                refused.add(converterMessage(e.getProblem(i).getMessage()));
            }
            return refused;
        }
        return ConfigurationCheck.problems(config, packaged);
    }

    /** The converter's own message inside SmallRye's ("... threw an Exception whilst being converted <message>"). */
    private static String converterMessage(String problem) {
        String marker = "whilst being converted ";
        int start = problem.indexOf(marker);
        return start < 0 ? problem : problem.substring(start + marker.length());
    }

    @Test
    void theDefaultsAreValid() {
        assertThat(problems(Map.of())).isEmpty();
        assertThat(problems(Map.of("tracker.tracking-issue", "gitlab-org/release/tasks#123", "tracker.release-title",
                "%s monthly release"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tracker.release-title | nope | TRACKER_RELEASE_TITLE must contain %s exactly once",
            "tracker.release-title | Release %s %s | TRACKER_RELEASE_TITLE must contain %s exactly once",
            "tracker.release-title | Release %d %s | TRACKER_RELEASE_TITLE must contain %s exactly once",
            "tracker.tracking-issue | gitlab-org/release/tasks | TRACKER_TRACKING_ISSUE must be group/project#IID",
            "tracker.tracking-issue | #12 | TRACKER_TRACKING_ISSUE must be group/project#IID",
            "tracker.tracking-only | true | TRACKER_TRACKING_ONLY=true needs TRACKER_TRACKING_ISSUE",
            "tracker.gitlab.url | gitlab.com | TRACKER_GITLAB_URL must be an http(s) URL",
            "tracker.gitlab.url | ftp://gitlab.com | TRACKER_GITLAB_URL must be an http(s) URL",
            "tracker.gitlab.url | https:// bad | TRACKER_GITLAB_URL must be an http(s) URL",
            "tracker.deadline | 0s | TRACKER_DEADLINE must be a positive duration",
            "tracker.deadline | -5s | TRACKER_DEADLINE must be a positive duration",
            "tracker.webhook-budget | 90s | TRACKER_WEBHOOK_BUDGET (PT1M30S) must not be longer than TRACKER_DEADLINE",
            "tracker.issue-cache | 0s | TRACKER_ISSUE_CACHE must be a positive duration",
            "tracker.gitlab.retry.initial-delay | 0ms | TRACKER_GITLAB_RETRY_INITIAL_DELAY must be a positive duration",
            "tracker.gitlab.retry.max-retries | -1 | TRACKER_GITLAB_RETRY_MAX_RETRIES must be 0 or more",
            "tracker.query-releases | 0 | TRACKER_QUERY_RELEASES must be 1 or more",
            "tracker.backfill.concurrency | 0 | TRACKER_BACKFILL_CONCURRENCY must be 1 or more",
            "tracker.gitlab.concurrency | 0 | TRACKER_GITLAB_CONCURRENCY must be 1 or more",
            "tracker.execution.environments | gprd | TRACKER_EXECUTION_ENVIRONMENTS must name database environments",
            "tracker.execution.production | gprd | TRACKER_EXECUTION_PRODUCTION must name database environments",
            "tracker.source-project | ' ' | TRACKER_SOURCE_PROJECT must not be empty",
            "tracker.baseline-environment | ' ' | TRACKER_BASELINE_ENVIRONMENT must not be empty",
    })
    void aBadSettingIsNamedWithWhatIsExpected(String property, String value, String expected) {
        assertThat(problems(Map.of(property, value))).singleElement().asString().startsWith(expected);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        // Values of the wrong form together, as the configuration is read; then the ranges, together, at start.
        assertThat(problems(Map.of("tracker.release-title", "nope", "tracker.tracking-issue", "nope", "tracker.gitlab.url",
                "gitlab.com"))).hasSize(3);
        assertThat(problems(Map.of("tracker.deadline", "0s", "tracker.query-releases", "0"))).hasSize(2);
    }

    @Test
    void thePackagesEnvironmentIsOnByDefaultAndOffTurnsItOff() {
        assertThat(config(Map.of()).packagesEnvironment()).contains("post-migrations/packages");
        assertThat(config(Map.of("tracker.packages-environment", " post-migrations/pkgs ")).packagesEnvironment())
                .contains("post-migrations/pkgs");
        assertThat(config(Map.of("tracker.packages-environment", "off")).packagesEnvironment()).isEmpty();
        assertThat(config(Map.of("tracker.packages-environment", "None")).packagesEnvironment()).isEmpty();
    }

    @Test
    void blankOptionalSettingsAreUnset() {
        TrackerConfig config = config(Map.of("tracker.auth-token", "  ", "tracker.tracking-issue", " ",
                "tracker.baseline-project", ""));
        assertThat(config.authToken()).isEmpty();
        assertThat(config.trackingIssue()).isEmpty();
        assertThat(config.baselineProjectOrSource()).isEqualTo(config.sourceProject());
    }

    @Test
    void thePackagedFunctionNeedsAFunctionSecretUnlessToldOnlyTrustedCallersReachIt() {
        assertThat(problems(Map.of(), true)).singleElement().asString()
                .startsWith("TRACKER_AUTH_TOKEN is not set").contains("TRACKER_ALLOW_UNAUTHENTICATED=true");
        assertThat(problems(Map.of("tracker.auth-token", " "), true)).hasSize(1);
        assertThat(problems(Map.of("tracker.auth-token", "a-secret"), true)).isEmpty();
        assertThat(problems(Map.of("tracker.allow-unauthenticated", "true"), true)).isEmpty();
        assertThat(problems(Map.of(), false)).as("dev mode and tests").isEmpty();

        assertThat(config(Map.of("tracker.auth-token", "a-secret")).callers()).isEqualTo("function secret required");
        assertThat(config(Map.of("tracker.allow-unauthenticated", "true")).callers())
                .isEqualTo("unauthenticated (TRACKER_ALLOW_UNAUTHENTICATED)");
    }
}
