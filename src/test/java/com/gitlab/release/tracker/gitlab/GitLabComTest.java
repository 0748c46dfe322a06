package com.gitlab.release.tracker.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.FaultKind;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;

/**
 * How the real GitLab.com differs from a polite fake, each difference made in the fake and met by the function:
 * rate limits, slow compares, instances without keyset tree pagination or {@code finished_at} ordering, search
 * results past page 1, duplicates the token may not delete, and the webhook rules.
 */
@QuarkusTest
class GitLabComTest extends FunctionTest {

    private static final String SHA_A = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
    private static final String SHA_B = "b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1";

    private long timeOfRequest(int index) {
        return gitlab.requestTimes().get(index);
    }

    private int indexOfFirst(String fragment, int from) {
        List<String> requests = gitlab.requests();
        for (int i = from; i < requests.size(); i++) {
            if (requests.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no request with " + fragment + " after #" + from + " in " + requests);
    }

    // ---- rate limits ----

    @Test
    void theReleaseIssueIsSearchedOncePerRelease() {
        for (int i = 0; i < 3; i++) {
            String sha = String.format("%040x", 0xabc000 + i);
            gitlab.project(SOURCE).commit(sha, PACKAGE_SHA, String.format("db/post_migrate/2022030100000%d_step.rb", i));
            call().body(Map.of("sha", sha, "previous", PACKAGE_SHA, "release", "14.8")).post("/record-package")
                    .then().statusCode(200).body("note.status", equalTo("created"));
        }
        assertThat(gitlab.issueSearches()).isEqualTo(1);
    }

    @Test
    void aMissingReleaseIssueIsNotRemembered() {
        gitlab.project(RELEASES).issues().remove(RELEASE_IID);
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(404);

        gitlab.project(RELEASES).issue(RELEASE_IID, "Release 14.8");
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200)
                .body("note.status", equalTo("created"));
        assertThat(gitlab.issueSearches()).isEqualTo(2);
    }

    @Test
    void aSearchThrottledWithoutRetryAfterWaitsForRateLimitReset() {
        gitlab.project(RELEASES).issue(2002, "Release 14.9");
        gitlab.project(SOURCE).commit(SHA_A, PACKAGE_SHA, "db/post_migrate/20220301000000_a.rb");
        gitlab.limitIssueSearches(1, Duration.ofSeconds(1));

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        call().body(Map.of("sha", SHA_A, "previous", PACKAGE_SHA, "release", "14.9")).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"));

        assertThat(gitlab.throttledSearches()).isGreaterThanOrEqualTo(1);
        int throttled = indexOfFirst("search=Release+14.9", 0);
        int retried = indexOfFirst("search=Release+14.9", throttled + 1);
        // RateLimit-Reset is the end of the one-second window (in whole seconds): the retry waits for it.
        long resetMillis = (timeOfRequest(throttled) / 1000 + 1) * 1000;
        assertThat(timeOfRequest(retried)).isGreaterThanOrEqualTo(resetMillis - 50);
    }

    @Test
    void retryAfterIsHonouredInFullBeyondTheBackOffCap() {
        // Tests cap the back-off at 40 ms; GitLab asks for 1 s.
        gitlab.failNext("GET", "/repository/compare", 1, FaultKind.RATE_LIMITED);

        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package").then().statusCode(200);

        int first = indexOfFirst("/repository/compare", 0);
        int second = indexOfFirst("/repository/compare", first + 1);
        assertThat(timeOfRequest(second) - timeOfRequest(first)).isGreaterThanOrEqualTo(950);
    }

    @Test
    void whenGitLabThrottlesOneBackfillWorkerAllPause() {
        Instant start = Instant.parse("2022-02-01T00:00:00Z");
        gitlab.project(SOURCE).deployAt("gstg-cny", BASE_SHA, BASE_PACKAGE, "success", start);
        String previous = BASE_SHA;
        for (int i = 1; i <= 12; i++) {
            String sha = String.format("d%02x", i).repeat(13) + "d";
            gitlab.project(SOURCE).commit(sha, previous, String.format("db/post_migrate/202202%02d000000_step_%d.rb", i, i));
            gitlab.project(SOURCE).deployAt("gstg-cny", sha, pkg("14.8", String.format("202202%02d0920", i), sha),
                    "success", start.plusSeconds(86_400L * i));
            previous = sha;
        }
        gitlab.failAfter(6, "GET", "/repository/compare", 1, FaultKind.RATE_LIMITED);

        call().body(Map.of("environment", "gstg-cny", "since", "2022-02-01T12:00:00Z", "until", "2022-03-01T00:00:00Z"))
                .post("/backfill")
                .then().statusCode(200).body("created", equalTo(12)).body("failed", equalTo(0));

        List<String> requests = gitlab.requests();
        int throttledAt = -1;
        for (int i = 0, compares = 0; i < requests.size(); i++) {
            if (requests.get(i).contains("/repository/compare") && ++compares == 7) {
                throttledAt = i;
            }
        }
        // Requests already on their way when the 429 was answered may arrive just after it; none starts later
        // until the second GitLab asked for has passed.
        long pauseStart = timeOfRequest(throttledAt) + 100;
        long pauseEnd = timeOfRequest(throttledAt) + 900;
        List<String> duringPause = new ArrayList<>();
        for (int i = throttledAt + 1; i < requests.size(); i++) {
            if (timeOfRequest(i) > pauseStart && timeOfRequest(i) < pauseEnd) {
                duringPause.add(requests.get(i));
            }
        }
        assertThat(duringPause).as("requests sent while GitLab asked to wait").isEmpty();
    }

    // ---- slow compares, older instances, bigger answers ----

    private void bigRepository(String base, String next, String added) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            files.add(String.format("db/post_migrate/2021%010d_old_migration_%d.rb", i, i));
        }
        gitlab.project(SOURCE).commit(base, files);
        gitlab.project(SOURCE).commit(next, base, added);
    }

    @Test
    void aCompareThatDoesNotAnswerInTimeGoesToTheTreeAtOnce() {
        bigRepository(SHA_A, SHA_B, "db/post_migrate/20220301000000_new.rb");
        gitlab.failNext("GET", "/repository/compare", 10, FaultKind.SLOW);

        call().body(Map.of("sha", SHA_B, "previous", SHA_A, "release", "14.8", "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("postMigrations.path", contains("db/post_migrate/20220301000000_new.rb"));
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("/repository/compare")).hasSize(1);
    }

    @Test
    void aCompareAnswered504GoesToTheTreeAtOnce() {
        gitlab.failNext("GET", "/repository/compare", 10, FaultKind.BAD_GATEWAY);

        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("postMigrations.path", contains(PM_1, PM_2));
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("/repository/compare")).hasSize(1);
    }

    @Test
    void treesPagedByOffsetAreFollowedToTheEnd() {
        bigRepository(SHA_A, SHA_B, "db/post_migrate/20220301000000_new.rb");
        gitlab.project(SOURCE).compareTimesOut(SHA_A, SHA_B);
        gitlab.pageTreesByOffset();

        call().body(Map.of("sha", SHA_B, "previous", SHA_A, "release", "14.8", "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("postMigrations.path", contains("db/post_migrate/20220301000000_new.rb"));
        assertThat(gitlab.requests()).anyMatch(r -> r.contains("/repository/tree?") && r.contains("&page=2"));
        assertThat(gitlab.requests()).noneMatch(r -> r.contains("page_token="));
    }

    @Test
    void theReleaseIssueIsFoundPastTheFirstPageOfSearchResults() {
        for (int i = 1; i <= 120; i++) {
            gitlab.project(RELEASES).issue(RELEASE_IID + i, "Release 14.8 follow-up " + i);
        }

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200)
                .body("note.url", containsString("/-/issues/" + RELEASE_IID + "#note_"));
        assertThat(gitlab.requests()).anyMatch(r -> r.contains("/issues?") && r.contains("page=2"));
    }

    @Test
    void theBaselineIsTheDeploymentThatFinishedLast() {
        gitlab.project(SOURCE).commit(SHA_A, BASE_SHA, "app/a.rb").commit(SHA_B, BASE_SHA, "app/b.rb");
        Instant t = Instant.now().plusSeconds(1);
        // A started first but finished after B (and after the standard world's deployment of BASE).
        gitlab.project(SOURCE).deployFinishing("gstg-cny", SHA_A, "a", "success", t, t.plusSeconds(3600));
        gitlab.project(SOURCE).deployFinishing("gstg-cny", SHA_B, "b", "success", t.plusSeconds(60), t.plusSeconds(600));

        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("previousSha", equalTo(SHA_A));
        assertThat(gitlab.requests()).anyMatch(r -> r.contains("/deployments?") && r.contains("order_by=finished_at"));
    }

    @Test
    void anInstanceThatRefusesFinishedAtIsAskedById() {
        gitlab.project(SOURCE).commit(SHA_A, BASE_SHA, "app/a.rb");
        gitlab.project(SOURCE).deploy("gstg-cny", SHA_A, "a");
        gitlab.refuseFinishedAtOrdering();

        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("previousSha", equalTo(SHA_A));
        assertThat(gitlab.requests()).anyMatch(r -> r.contains("/deployments?") && r.contains("order_by=id"));
    }

    @Test
    void aDuplicateTheTokenMayNotDeleteIsKeptAndCounted() {
        GitLabWorld.Issue issue = gitlab.project(RELEASES).issue(RELEASE_IID);
        String marker = "<!-- post-migration-tracker {\"v\":1,\"package\":\"" + PACKAGE + "\",\"sha\":\"97d6e07c2a1\","
                + "\"postMigrations\":[\"" + PM_1 + "\"]} -->\n";
        issue.note(marker + "written by another tool's token").note(marker + "a copy by yet another token");
        gitlab.failNext("DELETE", "/notes/", 5, FaultKind.FORBIDDEN);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200)
                .body("note.status", equalTo("exists"))
                .body("note.id", equalTo((int) issue.notes().get(0).id()))
                .body("note.duplicates", equalTo(1));
        assertThat(releaseNotes()).hasSize(2);
    }

    // ---- the webhook: every well-formed, authenticated event gets a 2xx ----

    private io.restassured.response.ValidatableResponse deliver(String sha, long deploymentId) {
        return hook().body(deploymentEvent("gstg-cny", "success", deploymentId, sha, PACKAGE)).post("/deployment-event").then();
    }

    @Test
    void eventsTheFunctionCannotActOnAreSkippedWith200() {
        deliver("0123456789abcdef0123456789abcdef01234567", 999_999).statusCode(200)
                .body("skipped", containsString("404")).body("failed", nullValue());

        gitlab.project(RELEASES).issues().remove(RELEASE_IID);
        long id = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);
        deliver(PACKAGE_SHA, id).statusCode(200).body("skipped", containsString("no issue titled 'Release 14.8'"));

        gitlab.reset();
        gitlab.project(SOURCE).commit(PACKAGE_SHA, List.of("db/post_migrate/20220201173212_x.rb"));
        gitlab.project(RELEASES).issue(RELEASE_IID, "Release 14.8");
        long only = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);
        deliver(PACKAGE_SHA, only).statusCode(200).body("skipped", containsString("no successful deployment on gstg-cny"));
    }

    @Test
    void gitLabFailingAfterRetriesIsA200Failed() {
        long id = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);
        gitlab.failNext("GET", "/repository/", 1000, FaultKind.SERVER_ERROR);

        deliver(PACKAGE_SHA, id).statusCode(200).body("failed", containsString("GitLab answered 500"));
        assertThat(releaseNotes()).isEmpty();
    }

    @Test
    void backfillTakesADurationBackFromNow() {
        long recent = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);
        gitlab.project(SOURCE).deployAt("gstg-cny", BASE_SHA, BASE_PACKAGE, "success", Instant.now().minus(Duration.ofDays(2)));

        call().body(Map.of("environment", "gstg-cny", "since", "PT6H")).post("/backfill")
                .then().statusCode(200).body("packages.package", contains(PACKAGE)).body("created", equalTo(1));
        call().body(Map.of("since", "six hours")).post("/backfill")
                .then().statusCode(400).body("error", containsString("PT6H"));
        assertThat(recent).isPositive();
    }
}
