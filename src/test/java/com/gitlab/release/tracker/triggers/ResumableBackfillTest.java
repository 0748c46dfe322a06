package com.gitlab.release.tracker.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.GitLabWorld;
import com.gitlab.release.tracker.gitlab.DeadlineTest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A backfill larger than one call's deadline: each call records what fits, oldest first, and says where to go on
 * ({@code next}); following it until {@code complete} records every package once. GitLab limits note creation as
 * GitLab.com does (429 with {@code Retry-After} and {@code RateLimit-Reset}), scaled down: 5 notes per 2 s against a
 * 2 s deadline (GitLab.com: 60 a minute against 50 s; the benchmark runs that).
 */
@QuarkusTest
@TestProfile(DeadlineTest.ShortDeadline.class)
class ResumableBackfillTest extends FunctionTest {

    private static final Instant START = Instant.parse("2022-02-01T00:00:00Z");
    private static final int PACKAGES = 20;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    /** 20 packages, one post-migration each, deployed hourly from START; GitLab limits note creation. */
    private void aMonthOfPackages() {
        String parent = BASE_SHA;
        Instant at = START.minus(1, ChronoUnit.HOURS);
        gitlab.project(SOURCE).deployAt("gstg-cny", BASE_SHA, BASE_PACKAGE, "success", at);
        for (int i = 0; i < PACKAGES; i++) {
            String sha = String.format("c%010d", i) + "d".repeat(29);
            gitlab.project(SOURCE).commit(sha, parent, String.format("db/post_migrate/202202%02d000000_step_%d.rb", i + 1, i));
            at = at.plus(1, ChronoUnit.HOURS);
            gitlab.project(SOURCE).deployAt("gstg-cny", sha, String.format("14.8.202202%02d0920-%s.4ce763dbce1", i + 1,
                    sha.substring(0, 11)), "success", at);
            parent = sha;
        }
        gitlab.latency(30);
        gitlab.limitNoteCreations(5, Duration.ofSeconds(2));
    }

    private void assertOneNotePerPackage() {
        Map<String, Integer> notesPerPackage = new HashMap<>();
        Pattern marker = Pattern.compile("\"package\":\"([^\"]+)\"");
        for (GitLabWorld.Note note : releaseNotes()) {
            Matcher m = marker.matcher(note.body());
            if (m.find()) {
                notesPerPackage.merge(m.group(1), 1, Integer::sum);
            }
        }
        assertThat(notesPerPackage).hasSize(PACKAGES).allSatisfy((pkg, count) -> assertThat(count).as(pkg).isEqualTo(1));
    }

    @Test
    void followingNextRecordsEveryPackageOnceAcrossCallsCutByTheirDeadline() {
        aMonthOfPackages();
        String since = START.toString();
        int calls = 0;
        int recorded = 0;
        int failed = 0;
        boolean complete = false;
        for (int call = 0; call < 40 && !complete; call++) {
            calls++;
            JsonPath answer = call().body(Map.of("environment", "gstg-cny", "since", since)).post("/backfill")
                    .then().statusCode(200).extract().jsonPath();
            recorded += answer.getInt("created") + answer.getInt("exists");
            failed += answer.getInt("failed");
            complete = answer.getBoolean("complete");
            assertThat(answer.getString("progress")).contains("packages recorded by this call");
            if (!complete) {
                assertThat(answer.getString("next")).as("where to go on").isNotNull();
                since = answer.getString("next");
            } else {
                assertThat(answer.getString("next")).isNull();
            }
        }

        assertThat(complete).isTrue();
        // The deadline cut the month into several calls (how long each takes is the benchmark's business, not a test's).
        assertThat(calls).as("calls").isGreaterThan(1);
        assertThat(failed).isZero();
        assertThat(recorded).isGreaterThanOrEqualTo(PACKAGES);
        assertThat(gitlab.throttledNoteCreations()).as("GitLab throttled note creation").isPositive();
        assertOneNotePerPackage();
    }

    @Test
    void theScheduledCiJobFollowsNextUntilComplete() throws Exception {
        aMonthOfPackages();
        JsonNode job = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(Path.of("deploy/gitlab-ci/record-package.gitlab-ci.yml"))).path(".tracker-backfill");
        StringBuilder script = new StringBuilder("set -e\n");
        job.path("script").forEach(line -> script.append(line.asText()).append('\n'));
        Path file = Files.createTempFile("backfill-job", ".sh");
        Files.writeString(file, script);
        ProcessBuilder builder = new ProcessBuilder("sh", file.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("TRACKER_URL", "http://localhost:" + port, "TRACKER_AUTH_TOKEN", SECRET,
                "TRACKER_BACKFILL_SINCE", START.toString(), "TRACKER_BACKFILL_ENVIRONMENTS", "gstg-cny"));
        Process process = builder.start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines().filter(l -> l.startsWith("gstg-cny call ")).toList()).as(output).hasSizeGreaterThan(1)
                .last().asString().endsWith("; complete");
        assertOneNotePerPackage();
    }
}
