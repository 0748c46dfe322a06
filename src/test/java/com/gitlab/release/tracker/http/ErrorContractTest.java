package com.gitlab.release.tracker.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.FaultKind;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ErrorContractTest extends FunctionTest {

    @Test
    void malformedJsonIs400() {
        call().body("{\"package\": ").post("/record-package")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", containsString("not valid for /record-package"));
        assertThat(gitlab.requestCount()).isZero();
    }

    @Test
    void emptyBodyIs400() {
        call().post("/record-package").then().statusCode(400).body("error", containsString("empty body"));
    }

    @Test
    void aFieldOfTheWrongTypeIs400NamingTheField() {
        call().body("{\"package\": \"" + PACKAGE + "\", \"dryRun\": \"perhaps\"}").post("/record-package")
                .then().statusCode(400).body("error", containsString("'dryRun'"));
        call().body("{\"package\": \"" + PACKAGE + "\", \"issue\": \"first\"}").post("/record-package")
                .then().statusCode(400).body("error", containsString("'issue'"));
        assertThat(gitlab.requestCount()).isZero();
    }

    @Test
    void halfASurrogatePairIs400NamingTheField() {
        call().body("{\"environment\": \"gprd\\ud800\"}").post("/pending-post-migrations")
                .then().statusCode(400).body("error", containsString("'environment'")).body("error", containsString("surrogate"));
        call().body("{\"environment\": \"gprd\", \"target\": \"\\udc00" + PACKAGE + "\"}").post("/rollback-check")
                .then().statusCode(400).body("error", containsString("'target'"));
        hook().body("{\"object_kind\": \"deployment\", \"status\": \"success\", \"environment\": \"gstg-cny\","
                + " \"deployment_id\": 1, \"ref\": \"\\ud800\", \"commit_url\": \"http://x/-/commit/" + PACKAGE_SHA + "\"}")
                .post("/deployment-event").then().statusCode(400).body("error", containsString("'ref'"));
        call().body("{\"migration\": \"20220201173212\\ud83d\\ude00\"}").post("/which-package")
                .then().statusCode(org.hamcrest.Matchers.not(500));
        assertThat(gitlab.requestCount()).isZero();
    }

    @Test
    void aVersionThatDoesNotParseIs400() {
        call().body(Map.of("package", "14.8.2022-nope")).post("/record-package")
                .then().statusCode(400).body("error", containsString("not an auto-deploy package version"));
    }

    @Test
    void aShaWithNonHexCharactersIs400() {
        call().body(Map.of("sha", "97d6e07zz", "release", "14.8")).post("/record-package")
                .then().statusCode(400).body("error", containsString("not a commit SHA"));
        call().body(Map.of("sha", "97d6e0")).post("/record-package").then().statusCode(400);
    }

    @Test
    void aCallNamingNoPackageIs400() {
        call().body(Map.of("dryRun", true)).post("/record-package")
                .then().statusCode(400).body("error", containsString("name the package"));
    }

    @Test
    void aBadReleaseOrPreviousIs400() {
        call().body(Map.of("sha", PACKAGE_SHA, "release", "fourteen")).post("/record-package")
                .then().statusCode(400).body("error", containsString("not a release"));
        call().body(Map.of("package", PACKAGE, "previous", "yesterday")).post("/record-package")
                .then().statusCode(400).body("error", containsString("previous"));
        assertThat(gitlab.requestCount()).isZero();
    }

    @Test
    void anUnknownFunctionIs404() {
        call().body(Map.of()).post("/record-packages").then().statusCode(404).body("error", containsString("/record-package"));
    }

    @Test
    void noSecretIs401AndCallsNoGitLab() {
        given().contentType(ContentType.JSON).body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(401).body("error", containsString("missing function secret"));
        assertThat(gitlab.requestCount()).isZero();
    }

    @Test
    void aWrongSecretIs401AndCallsNoGitLab() {
        given().header("Authorization", "Bearer not-the-secret").contentType(ContentType.JSON)
                .body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(401).body("error", equalTo("wrong function secret"));
        given().header("X-Gitlab-Token", "not-the-secret").contentType(ContentType.JSON)
                .body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(401);
        assertThat(gitlab.requestCount()).isZero();
    }

    @Test
    void theSecretMayComeAsGitLabWebhookToken() {
        given().header("X-Gitlab-Token", SECRET).contentType(ContentType.JSON)
                .body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200);
    }

    @Test
    void gitlabKeepsFailingIs502() {
        gitlab.failNext("GET", "/deployments", 100, FaultKind.RATE_LIMITED);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(502).body("error", containsString("GitLab answered 429"));
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("/deployments")).hasSize(5);
    }

    @Test
    void gitlabAnsweringSomethingOtherThanJsonIs502() {
        gitlab.failNext("GET", "/deployments", 100, FaultKind.NOT_JSON);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(502).body("error", containsString("GitLab"));
    }

    @Test
    void gitlabRefusingTheTokenIs502WithAHintAndIsNotRetried() {
        gitlab.failNext("GET", "/deployments", 100, FaultKind.UNAUTHORIZED);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(502).body("error", containsString("check that TRACKER_GITLAB_TOKEN"));
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("/deployments")).hasSize(1);
    }

    @Test
    void aProjectGitLabDoesNotKnowIs404() {
        gitlab.reset();

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(404).body("error", containsString("token cannot see it"));
    }

    @Test
    void gitlabAnsweringTruncatedJsonIs502() {
        gitlab.failNext("GET", "/repository/compare", 100, FaultKind.TRUNCATED_JSON);
        gitlab.failNext("GET", "/repository/tree", 100, FaultKind.TRUNCATED_JSON);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(502).body("error", containsString("not the JSON expected"));
        assertThat(releaseNotes()).isEmpty();
    }

    @Test
    void aBodyOverTheSizeLimitIs413() {
        call().body("{\"package\": \"" + "x".repeat(1_100_000) + "\"}").post("/record-package")
                .then().statusCode(413).body("error", containsString("too large"));
        assertThat(gitlab.requestCount()).isZero();
    }

    @Test
    void aSlowGitLabAnswerTimesOutAndIsRetried() {
        gitlab.failNext("GET", "/deployments", 1, FaultKind.SLOW);

        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("previousSha", equalTo(BASE_SHA));
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("/deployments")).hasSize(2);
    }
}
