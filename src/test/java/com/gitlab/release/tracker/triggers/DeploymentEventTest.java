package com.gitlab.release.tracker.triggers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /deployment-event} with GitLab's real webhook body (gitlab4j fixture), as GitLab sends it. */
@QuarkusTest
class DeploymentEventTest extends FunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fixture, pointed at the standard world; its other fields (user, urls, nulls) stay as GitLab sent them. */
    private ObjectNode event(String environment, String status, String sha, String ref, Long deploymentId) {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/gitlab4j/deployment-event.json")) {
            ObjectNode event = (ObjectNode) JSON.readTree(in);
            event.put("environment", environment);
            event.put("status", status);
            event.put("commit_url", "https://gitlab.example.com/" + SOURCE + "/-/commit/" + sha);
            event.put("short_sha", sha.substring(0, 8));
            ((ObjectNode) event.get("project")).put("path_with_namespace", SOURCE);
            if (ref != null) {
                event.put("ref", ref);
            }
            if (deploymentId != null) {
                event.put("deployment_id", deploymentId);
            }
            event.put("a_field_from_a_newer_gitlab", "ignored");
            return event;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSuccessfulGstgCanaryDeploymentRecordsItsPackage() {
        long id = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);

        hook().body(event("gstg-cny", "success", PACKAGE_SHA, PACKAGE, id)).post("/deployment-event")
                .then().statusCode(200)
                .body("skipped", nullValue())
                .body("package", equalTo(PACKAGE))
                .body("sha", equalTo(PACKAGE_SHA))
                .body("previousSha", equalTo(BASE_SHA))
                .body("postMigrations.path", contains(PM_1, PM_2))
                .body("note.status", equalTo("created"));
        assertThat(releaseNotes()).hasSize(1);
    }

    @Test
    void aRedeliveredEventWritesNothingNew() {
        long id = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);
        ObjectNode event = event("gstg-cny", "running", PACKAGE_SHA, PACKAGE, id);

        hook().body(event).post("/deployment-event").then().statusCode(200).body("note.status", equalTo("created"));
        hook().body(event("gstg-cny", "success", PACKAGE_SHA, PACKAGE, id)).post("/deployment-event")
                .then().statusCode(200).body("note.status", equalTo("exists"));
        assertThat(releaseNotes()).hasSize(1);
    }

    @Test
    void theBaselineIsTheLatestDeploymentBeforeThisOne() {
        long id = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);
        String later = "9999999999999999999999999999999999999999";
        gitlab.project(SOURCE).commit(later, PACKAGE_SHA, "db/post_migrate/20220210000000_later.rb");
        gitlab.project(SOURCE).deploy("gstg-cny", later, "14.8.202202100920-99999999999.4ce763dbce1");

        hook().body(event("gstg-cny", "success", PACKAGE_SHA, PACKAGE, id)).post("/deployment-event")
                .then().statusCode(200).body("previousSha", equalTo(BASE_SHA));
    }

    @Test
    void withoutRefTheDeploymentIsReadForIt() {
        long id = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);

        hook().body(event("gstg-cny", "success", PACKAGE_SHA, null, id)).post("/deployment-event")
                .then().statusCode(200).body("package", equalTo(PACKAGE));
        assertThat(gitlab.requests()).anyMatch(r -> r.startsWith("GET /api/v4/projects/gitlab-org%2Fsecurity%2Fgitlab/deployments/" + id));
    }

    @Test
    void anAutoDeployBranchRefNamesThePackageAndTheRelease() {
        String branch = "14-8-auto-deploy-2022020809";
        long id = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, branch);

        hook().body(event("gstg-cny", "success", PACKAGE_SHA, branch, id)).post("/deployment-event")
                .then().statusCode(200)
                .body("package", equalTo(branch + "@97d6e07c2a1"))
                .body("note.url", containsString("/-/issues/" + RELEASE_IID + "#note_"));
    }

    @Test
    void otherEnvironmentsStatusesAndEventsAreSkipped() {
        hook().body(event("gprd", "success", PACKAGE_SHA, PACKAGE, null)).post("/deployment-event")
                .then().statusCode(200).body("skipped", containsString("environment 'gprd' is not tracked"));
        hook().body(event("gstg-cny", "failed", PACKAGE_SHA, PACKAGE, null)).post("/deployment-event")
                .then().statusCode(200).body("skipped", containsString("status 'failed'"));
        given().header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", SECRET).contentType(ContentType.JSON)
                .body(event("gstg-cny", "success", PACKAGE_SHA, PACKAGE, null)).post("/deployment-event")
                .then().statusCode(200).body("skipped", containsString("Push Hook"));
        assertThat(gitlab.requestCount()).isZero();
    }

    @Test
    void urlsInTheEventCannotRedirectGitLabCalls() {
        long id = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);
        ObjectNode event = event("gstg-cny", "success", PACKAGE_SHA, PACKAGE, id);
        event.put("commit_url", "https://attacker.example/" + SOURCE + "/-/commit/" + PACKAGE_SHA);
        ((ObjectNode) event.get("project")).put("web_url", "https://attacker.example/" + SOURCE);
        event.put("deployable_url", "https://attacker.example/jobs/1");

        hook().body(event).post("/deployment-event").then().statusCode(200).body("note.status", equalTo("created"));
        assertThat(gitlab.requests()).isNotEmpty().allMatch(r -> r.contains(" /api/v4/projects/"));
    }

    @Test
    void aWebhookWithoutTheSecretIs401() {
        given().header("X-Gitlab-Event", "Deployment Hook").contentType(ContentType.JSON)
                .body(event("gstg-cny", "success", PACKAGE_SHA, PACKAGE, null)).post("/deployment-event")
                .then().statusCode(401);
        assertThat(gitlab.requestCount()).isZero();
    }

    @Test
    void anEventWithoutCommitIs400() {
        ObjectNode event = event("gstg-cny", "success", PACKAGE_SHA, PACKAGE, null);
        event.remove(List.of("commit_url", "short_sha"));

        hook().body(event).post("/deployment-event").then().statusCode(400).body("error", containsString("names no commit"));
    }
}
