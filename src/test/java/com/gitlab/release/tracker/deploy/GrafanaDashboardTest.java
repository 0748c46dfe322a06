package com.gitlab.release.tracker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;

/** deploy/grafana/post-migrations.json: every panel's query names metrics the function exports, and each is there. */
@QuarkusTest
class GrafanaDashboardTest extends FunctionTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:tracker|jvm|process|http)_[a-z_]+)");

    @Test
    void everyPanelQueriesAMetricTheFunctionExports() throws Exception {
        // Calls that make every counter and timer the dashboard shows: notes, GitLab requests, calls, an imitation.
        gitlab.project(RELEASES).issue(RELEASE_IID).noteBy(GitLabWorld.OTHER_USER,
                "<!-- post-migration-tracker {\"v\":1,\"package\":\"14.8.202202060920-0123456789a.4ce763dbce1\"} -->");
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        String scrape = call().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }

        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("deploy/grafana/post-migrations.json")));
        List<String> queried = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.path("expr").asText());
                boolean any = false;
                while (metric.find()) {
                    queried.add(metric.group(1));
                    any = true;
                }
                assertThat(any).as("a metric in " + target.path("expr").asText()).isTrue();
            }
        }

        assertThat(exported).containsAll(queried);
        assertThat(queried).contains("tracker_pending_post_migrations", "tracker_oldest_pending_post_migration_age_seconds",
                "tracker_rollback_safe_packages", "tracker_notes_total", "tracker_gitlab_requests_total",
                "tracker_function_seconds_count", "tracker_untrusted_records_total");
    }
}
