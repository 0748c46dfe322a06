package com.gitlab.release.tracker.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.FaultKind;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * Every recorded package with post-migrations as exactly one deployment on {@code post-migrations/packages}, so
 * GitLab's Environments page shows them; the function's own deployment events are skipped.
 */
@QuarkusTest
class PackagesEnvironmentTest extends FunctionTest {

    private static final String ENVIRONMENT = "post-migrations/packages";

    private List<Long> logged() {
        return gitlab.project(SOURCE).deploymentIds(ENVIRONMENT);
    }

    private List<String> deploymentPosts() {
        return gitlab.requests().stream().filter(r -> r.startsWith("POST") && r.contains("/deployments")).toList();
    }

    @Test
    void aRecordedPackageIsLoggedOnceOnThePackagesEnvironment() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200)
                .body("deployment.status", equalTo("created"))
                .body("deployment.environment", equalTo(ENVIRONMENT))
                .body("deployment.id", notNullValue());
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200)
                .body("note.status", equalTo("exists"))
                .body("deployment.status", equalTo("exists"));

        assertThat(logged()).hasSize(1);
        assertThat(deploymentPosts()).hasSize(1);
    }

    @Test
    void thePackageIsLoggedOnceGitLabAcceptedItsNoteWithoutWaitingForTheReadBack() {
        // The read-back of the newest notes (after the write) stays in flight until the package is logged.
        ExtractableResponse<Response> recorded = heldUntil("GET", "/notes?sort=desc",
                () -> call().body(Map.of("package", PACKAGE)).post("/record-package").then().extract(),
                () -> assertThat(deploymentPosts()).hasSize(1));

        assertThat(recorded.statusCode()).isEqualTo(200);
        assertThat(recorded.path("note.status").toString()).isEqualTo("created");
        assertThat(recorded.path("deployment.status").toString()).isEqualTo("created");
        assertThat(logged()).hasSize(1);
    }

    @Test
    void aNoteGitLabRefusesLogsNothing() {
        gitlab.failNext("POST", "/notes", 10, FaultKind.FORBIDDEN);

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(502);
        assertThat(logged()).isEmpty();
        assertThat(deploymentPosts()).isEmpty();
    }

    @Test
    void aDryRunLogsNothing() {
        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package").then().statusCode(200)
                .body("deployment.status", equalTo("disabled"));
        assertThat(logged()).isEmpty();
    }

    @Test
    void aSecondDeliveryAfterAnotherPackageWasLoggedFindsItsOwn() {
        String other = "c0ffee0c2a1b2c3d4e5f60718293a4b5c6d7e8f9";
        gitlab.project(SOURCE).commit(other, PACKAGE_SHA, "db/post_migrate/20220210000000_other.rb");
        String otherPackage = "14.8.202202101000-c0ffee0c2a1.4ce763dbce1";
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        call().body(Map.of("package", otherPackage, "previous", PACKAGE)).post("/record-package").then().statusCode(200)
                .body("deployment.status", equalTo("created"));

        // GitLab would log the first package again: it is no longer the environment's last deployment.
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200)
                .body("deployment.status", equalTo("exists"));
        assertThat(logged()).hasSize(2);
    }

    @Test
    void theDefaultBranchIsReadOnceForManyPackages() {
        String other = "c0ffee0c2a1b2c3d4e5f60718293a4b5c6d7e8f9";
        gitlab.project(SOURCE).commit(other, PACKAGE_SHA, "db/post_migrate/20220210000000_other.rb");
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200)
                .body("deployment.status", equalTo("created"));
        call().body(Map.of("package", "14.8.202202101000-c0ffee0c2a1.4ce763dbce1", "previous", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("deployment.status", equalTo("created"));

        assertThat(logged()).hasSize(2);
        // Each deployment names the default branch as its ref: read for the first package, remembered for the next.
        assertThat(gitlab.requests()).filteredOn(r -> r.equals("GET /api/v4/projects/gitlab-org%2Fsecurity%2Fgitlab")).hasSize(1);
    }

    @Test
    void aLoggingWhoseAnswerWasLostIsReadBackNotLoggedAgain() {
        gitlab.failNext("POST", "/deployments", 1, FaultKind.LOST_ANSWER);

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200)
                .body("deployment.status", equalTo("created"));

        assertThat(deploymentPosts()).hasSize(1);
        assertThat(logged()).hasSize(1);
    }

    @Test
    void theTriggersRefIsTheDeploymentsRef() {
        String tag = "14.8.202202080920+97d6e07c2a1.4ce763dbce1";
        gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, tag);
        long id = gitlab.project(SOURCE).deploymentIds("gstg-cny").get(1);

        hook().body(deploymentEvent("gstg-cny", "success", id, PACKAGE_SHA, tag)).post("/deployment-event").then().statusCode(200)
                .body("deployment.status", equalTo("created"));
        assertThat(gitlab.requests()).noneMatch(r -> r.matches("GET /api/v4/projects/gitlab-org%2Fsecurity%2Fgitlab"));
        assertThat(logged()).hasSize(1);
    }

    @Test
    void itsOwnDeploymentEventsAreSkipped() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        long id = logged().get(0);
        int before = gitlab.requestCount();

        hook().body(deploymentEvent(ENVIRONMENT, "success", id, PACKAGE_SHA, "master")).post("/deployment-event")
                .then().statusCode(200).body("skipped", containsString("own record of packages"));
        assertThat(gitlab.requestCount()).isEqualTo(before);
    }
}
