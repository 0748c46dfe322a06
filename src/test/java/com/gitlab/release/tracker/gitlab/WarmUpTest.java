package com.gitlab.release.tracker.gitlab;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;

/** The start-up warm-up prepares the GitLab client and every answer type without asking GitLab anything. */
@QuarkusTest
class WarmUpTest extends FunctionTest {

    @Inject
    ObjectMapper json;

    @Test
    void preparesEveryAnswerTypeAndAsksGitLabNothing() {
        int answerTypes = gitlabClient.warmUp(json);

        // notes, deployments (a list, one, a new one), issues, commits, one commit, compare, tree, MRs, one MR, project
        assertThat(answerTypes).isGreaterThanOrEqualTo(11);
        assertThat(gitlab.requestCount()).isZero();
        // And the client it built answers as before.
        given().header("Authorization", "Bearer " + SECRET).contentType("application/json")
                .body("{\"package\":\"" + PACKAGE + "\",\"dryRun\":true}")
                .post("/record-package").then().statusCode(200).body("postMigrations.size()", equalTo(2));
    }
}
