package com.gitlab.release.tracker.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.FaultKind;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /backfill} over 10 packages, each deployed 13 times to gstg-cny (130 deployments, two pages), one of which
 * GitLab keeps failing to compare or list.
 */
@QuarkusTest
class BackfillTest extends FunctionTest {

    private static final Instant START = Instant.parse("2022-02-01T00:00:00Z");
    private final List<String> packages = new ArrayList<>();
    private String brokenPackage;

    @BeforeEach
    void history() {
        String parent = BASE_SHA;
        Instant at = START.minus(1, ChronoUnit.HOURS);
        gitlab.project(SOURCE).deployAt("gstg-cny", BASE_SHA, BASE_PACKAGE, "success", at);
        for (int i = 0; i < 10; i++) {
            String sha = sha(i);
            String version = String.format("14.8.2022020%d0920-%s.4ce763dbce1", i, sha.substring(0, 11));
            if (i % 3 == 0) {
                gitlab.project(SOURCE).commit(sha, parent, "app/models/m" + i + ".rb");
            } else {
                gitlab.project(SOURCE).commit(sha, parent, String.format("db/post_migrate/2022020%d000000_step_%d.rb", i, i));
            }
            for (int r = 0; r < 13; r++) {
                at = at.plus(1, ChronoUnit.HOURS);
                gitlab.project(SOURCE).deployAt("gstg-cny", sha, version, "success", at);
            }
            gitlab.project(SOURCE).deployAt("gstg-cny", sha, version, "failed", at);
            packages.add(version);
            parent = sha;
        }
        brokenPackage = packages.get(6);
        gitlab.failNext("GET", "to=" + sha(6), 1000, FaultKind.SERVER_ERROR);
        gitlab.failNext("GET", "ref=" + sha(6), 1000, FaultKind.SERVER_ERROR);
    }

    private static String sha(int i) {
        return String.format("a%010d", i) + "b".repeat(29);
    }

    private Map<String, Object> request(boolean dryRun) {
        return Map.of("environment", "gstg-cny", "since", START.toString(), "until", "2022-03-01T00:00:00Z", "dryRun", dryRun);
    }

    @Test
    void recordsEveryPackageOnceAndReportsTheFailingOne() {
        call().body(request(false)).post("/backfill")
                .then().statusCode(200)
                .body("packages", hasSize(10))
                .body("created", equalTo(6))
                .body("none", equalTo(3))
                .body("failed", equalTo(1))
                .body("packages[6].package", equalTo(brokenPackage))
                .body("packages[6].error", containsString("GitLab answered 500"))
                .body("packages[7].previousSha", equalTo(sha(6)));

        assertThat(releaseNotes()).hasSize(6);
        assertThat(gitlab.requests()).anyMatch(r -> r.contains("/deployments?") && r.contains("page=2"));
    }

    @Test
    void eachPackageIsComparedWithTheOneDeployedBeforeIt() {
        call().body(request(true)).post("/backfill")
                .then().statusCode(200)
                .body("packages[0].previousSha", equalTo(BASE_SHA))
                .body("packages[1].previousSha", equalTo(sha(0)))
                .body("packages[1].postMigrations[0].path", equalTo("db/post_migrate/20220201000000_step_1.rb"))
                .body("dryRun", equalTo(6));
        assertThat(releaseNotes()).isEmpty();
    }

    @Test
    void aSecondRunFindsEveryNote() {
        call().body(request(false)).post("/backfill").then().statusCode(200);

        call().body(request(false)).post("/backfill")
                .then().statusCode(200).body("created", equalTo(0)).body("exists", equalTo(6)).body("failed", equalTo(1));
        assertThat(releaseNotes()).hasSize(6);
    }

    @Test
    void theWindowLimitsThePackages() {
        call().body(Map.of("since", START.plus(14, ChronoUnit.HOURS).toString(),
                        "until", START.plus(40, ChronoUnit.HOURS).toString(), "dryRun", true))
                .post("/backfill")
                .then().statusCode(200)
                .body("packages.package", org.hamcrest.Matchers.contains(packages.get(1), packages.get(2), packages.get(3)))
                .body("packages[0].previousSha", equalTo(sha(0)));
    }

    @Test
    void aTimeThatDoesNotParseIs400() {
        call().body(Map.of("since", "last week")).post("/backfill")
                .then().statusCode(400).body("error", containsString("ISO-8601"));
    }

    @Test
    void anEnvironmentWithoutDeploymentsSaysSo() {
        call().body(Map.of("environment", "gstg-typo")).post("/backfill").then().statusCode(200)
                .body("packages", org.hamcrest.Matchers.empty())
                .body("detail", equalTo("no successful deployment to gstg-typo in " + SOURCE + " at all: is the environment's name right?"));
        call().body(Map.of("environment", "gstg-cny", "since", "2099-01-01T00:00:00Z")).post("/backfill").then().statusCode(200)
                .body("detail", org.hamcrest.Matchers.startsWith("no package first deployed to gstg-cny between 2099-01-01T00:00:00Z"));
    }
}
