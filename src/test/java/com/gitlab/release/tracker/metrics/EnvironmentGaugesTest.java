package com.gitlab.release.tracker.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.DemoHistory;
import com.gitlab.release.tracker.demo.FaultKind;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The pending post-migrations gauges at {@code /q/metrics}: the count {@code /pending-post-migrations} answers, the
 * oldest one's age, computed at most once per TTL, a GitLab failure kept out of the scrape; the alert rules in
 * deploy/prometheus read these names.
 */
@QuarkusTest
@TestProfile(EnvironmentGaugesTest.ShortTtl.class)
class EnvironmentGaugesTest extends FunctionTest {

    public static class ShortTtl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.pending-metric.ttl", "2s", "tracker.pending-metric.environments", "gprd,gstg");
        }
    }

    @BeforeEach
    void demoHistory() {
        gitlab.reset();
        DemoHistory.seed(gitlab);
    }

    private String scrape() {
        return given().header("Authorization", "Bearer " + SECRET).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double value(String scrape, String metric, String environment) {
        Matcher m = Pattern.compile("^" + metric + "\\{environment=\"" + environment + "\",?\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        assertThat(m.find()).as(metric + " for " + environment + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The pending post-migrations of an environment, by rollback risk, as scraped. */
    private static Map<String, Double> pendingByRisk(String scrape, String environment) {
        Matcher m = Pattern.compile("^tracker_pending_post_migrations\\{environment=\"" + environment + "\",risk=\"([a-z]+)\",?\\} (\\S+)$",
                Pattern.MULTILINE).matcher(scrape);
        Map<String, Double> byRisk = new java.util.TreeMap<>();
        while (m.find()) {
            byRisk.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        assertThat(byRisk).as("tracker_pending_post_migrations for " + environment + " in\n" + scrape).isNotEmpty();
        return byRisk;
    }

    private static double pending(String scrape, String environment) {
        return pendingByRisk(scrape, environment).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Test
    void theGaugesHoldWhatPendingAnswersAndTheOldestOnesAge() {
        // The newest package's note names it, so its deployment to gprd dates it.
        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200);
        int pending = call().body(Map.of("environment", "gprd")).post("/pending-post-migrations").then().statusCode(200)
                .extract().path("pending.size()");

        String scrape = scrape();

        assertThat(pending).isEqualTo(2);
        assertThat(pending(scrape, "gprd")).isEqualTo(pending);
        // By rollback risk: the queueing one adds books only, the column removal is destructive.
        assertThat(pendingByRisk(scrape, "gprd")).containsEntry("none", 1.0).containsEntry("destructive", 1.0)
                .containsEntry("unknown", 0.0).containsKeys("writes", "index");
        // gprd can go back to the middle package, not the oldest: one safe target; gstg ran the newest: none.
        assertThat(value(scrape, "tracker_rollback_safe_packages", "gprd")).isEqualTo(1.0);
        assertThat(value(scrape, "tracker_rollback_safe_packages", "gstg")).isZero();
        assertThat(pending(scrape, "gstg")).isZero();
        // DemoHistory deploys the newest package to gprd at 2022-02-08T04:50Z (not its build time, 14:00).
        long sinceDeployed = Duration.between(Instant.parse("2022-02-08T04:50:00Z"), Instant.now()).toSeconds();
        assertThat(value(scrape, "tracker_oldest_pending_post_migration_age_seconds", "gprd"))
                .isBetween(sinceDeployed - 5.0, sinceDeployed + 5.0);
        assertThat(scrape).contains("tracker_notes_total{outcome=\"created\"", "tracker_gitlab_requests_total{outcome=\"ok\"",
                "tracker_function_seconds_count{function=\"pending-post-migrations\"");
        // No meter per GitLab URI (they name SHAs and files: without bound).
        assertThat(scrape).doesNotContain("http_client_requests", "http_server_requests");
    }

    @Test
    void aScrapeWithinTheTtlAsksGitLabNothingAndAFailureKeepsTheLastValue() {
        double before = pending(scrape(), "gprd");
        int requests = gitlab.requestCount();
        double errors = Double.parseDouble(Pattern.compile("^tracker_pending_scrape_errors_total (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape()).results().findFirst().orElseThrow().group(1));
        assertThat(gitlab.requestCount()).as("within the TTL").isEqualTo(requests);

        gitlab.failRandomly(1.0, 1, FaultKind.SERVER_ERROR);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String scrape = scrape();
            Matcher m = Pattern.compile("^tracker_pending_scrape_errors_total (\\S+)$", Pattern.MULTILINE).matcher(scrape);
            return m.find() && Double.parseDouble(m.group(1)) > errors
                    && pending(scrape, "gprd") == before;
        });
    }

    @Test
    void metricsNeedTheFunctionSecret() {
        given().get("/q/metrics").then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theAlertRulesReadTheGauges() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("deploy/prometheus/alerts.yaml")))
                .at("/groups/0/rules");
        List<String> expressions = new ArrayList<>();
        rules.forEach(rule -> expressions.add(rule.path("expr").asText()));
        String scrape = scrape();

        assertThat(expressions).containsExactly("sum by (environment) (tracker_pending_post_migrations{environment=\"gprd\"}) > 5",
                "tracker_oldest_pending_post_migration_age_seconds > 86400",
                "sum by (environment) (tracker_pending_post_migrations{environment=\"gprd\", risk=~\"destructive|unknown\"}) > 0");
        assertThat(rules.get(0).path("for").asText()).isEqualTo("1h");
        for (String expression : expressions) {
            String metric = expression.replaceAll("^sum by \\([a-z, ]+\\) \\(", "").replaceAll("[{ ].*", "");
            assertThat(scrape).as(metric).containsPattern("(?m)^" + metric + "\\{");
        }
        // The breaking-pending alert's selector matches the gauge's labels: in the demo, a destructive one waits on gprd.
        assertThat(pendingByRisk(scrape, "gprd").get("destructive") + pendingByRisk(scrape, "gprd").get("unknown")).isPositive();
    }
}
