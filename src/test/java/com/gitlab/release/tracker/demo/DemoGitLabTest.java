package com.gitlab.release.tracker.demo;

import static com.gitlab.release.tracker.demo.DemoHistory.FINALIZE_CI;
import static com.gitlab.release.tracker.demo.DemoHistory.INDEX;
import static com.gitlab.release.tracker.demo.DemoHistory.PACKAGE_0;
import static com.gitlab.release.tracker.demo.DemoHistory.PACKAGE_1;
import static com.gitlab.release.tracker.demo.DemoHistory.PACKAGE_2;
import static com.gitlab.release.tracker.demo.DemoHistory.QUEUE;
import static com.gitlab.release.tracker.demo.DemoHistory.REMOVE_COLUMN;
import static com.gitlab.release.tracker.demo.DemoHistory.SHA_1;
import static com.gitlab.release.tracker.demo.DemoHistory.SHA_2;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;

/** The README's dev-mode walk-through against the history the demo GitLab starts with (demo/DemoHistory). */
@QuarkusTest
class DemoGitLabTest extends FunctionTest {

    @ConfigProperty(name = "tracker.gitlab.url")
    String gitlabUrl;

    @BeforeEach
    void demoHistory() {
        gitlab.reset();
        DemoHistory.seed(gitlab);
    }

    @Test
    void theReadmeWalkThrough() {
        // 1. Record the newest package: it queues a batched background migration and removes a column.
        Map<String, String> record = Map.of("package", PACKAGE_2);
        call().body(record).post("/record-package")
                .then().statusCode(200)
                .body("previousSha", equalTo(SHA_1))
                .body("postMigrations.path", contains(QUEUE, REMOVE_COLUMN))
                .body("postMigrations[0].batchedBackgroundMigration", equalTo("queue"))
                .body("postMigrations[0].rollbackRisk", equalTo("none"))
                .body("postMigrations[0].mergeRequest.iid", equalTo((int) DemoHistory.MR_QUEUE))
                .body("postMigrations[0].mergeRequest.author", equalTo("lee.w"))
                .body("postMigrations[1].rollbackRisk", equalTo("destructive"))
                .body("postMigrations[1].operations", contains("remove_column namespaces.legacy_state"))
                .body("note.status", equalTo("created"));
        call().body(record).post("/record-package").then().statusCode(200).body("note.status", equalTo("exists"));

        // 2. The db/gprd run at the middle package, as GitLab's webhook reports it.
        long run = gitlab.project(DemoHistory.SOURCE).deploymentIds("db/gprd").get(1);
        call().header("X-Gitlab-Event", "Deployment Hook")
                .body(Map.of("object_kind", "deployment", "status", "success", "environment", "db/gprd",
                        "deployment_id", run, "project", Map.of("path_with_namespace", DemoHistory.SOURCE),
                        "commit_url", "http://localhost/" + DemoHistory.SOURCE + "/-/commit/" + SHA_1))
                .post("/deployment-event")
                .then().statusCode(200)
                .body("executed.path", contains(FINALIZE_CI, INDEX))
                .body("executed.package", contains(PACKAGE_1, PACKAGE_1))
                .body("executed[0].database", equalTo("ci"))
                .body("note.status", equalTo("created"));

        // 3. What gprd runs but its database has not.
        call().body(Map.of("environment", "gprd")).post("/pending-post-migrations")
                .then().statusCode(200).body("pending.path", contains(QUEUE, REMOVE_COLUMN))
                .body("pending[0].package", equalTo(PACKAGE_2));

        // 4. Unsafe by the strict rule, but what ran on db/gprd beyond the oldest package (a finalize, an index) leaves
        // older code working: compatible.
        call().body(Map.of("environment", "gprd", "target", PACKAGE_0)).post("/rollback-check")
                .then().statusCode(200).body("safe", equalTo(false)).body("reason", equalTo("post-migrations executed"))
                .body("postMigrations.path", contains(FINALIZE_CI, INDEX))
                .body("risk", equalTo("compatible"))
                .body("text", containsString("older code is compatible"));

        // 5. Safe: the newest package's post-migrations have not run yet; they would simply not run.
        call().body(Map.of("environment", "gprd", "target", PACKAGE_1)).post("/rollback-check")
                .then().statusCode(200).body("safe", equalTo(true)).body("risk", equalTo("none"))
                .body("pendingDropped.path", contains(QUEUE, REMOVE_COLUMN))
                .body("text", startsWith("Safe to roll gprd back from " + PACKAGE_2 + " to " + PACKAGE_1));

        // 6. On gstg the column is gone already. The middle package's own code ignores it: compatible; the oldest
        // package's still uses it: breaking, and who to page.
        call().body(Map.of("environment", "gstg", "target", PACKAGE_1)).post("/rollback-check")
                .then().statusCode(200).body("safe", equalTo(false)).body("risk", equalTo("compatible"))
                .body("targetCode[0].path", equalTo(REMOVE_COLUMN))
                .body("text", containsString("the target already ignores namespaces.legacy_state (app/models/namespace.rb,"
                        + " remove_with 14.9)"));
        call().body(Map.of("environment", "gstg", "target", PACKAGE_0)).post("/rollback-check")
                .then().statusCode(200).body("risk", equalTo("breaking"))
                .body("riskPostMigrations", contains(REMOVE_COLUMN))
                .body("whoToPage[0].mergeRequest.author", equalTo("lee.w"))
                .body("text", containsString("It would break older code: remove_column namespaces.legacy_state"))
                .body("text", containsString("app/models/namespace.rb at 5a1b2c3d4e5 does not ignore namespaces.legacy_state"))
                .body("text", containsString("Who to page: 20220207120000_remove_namespaces_legacy_state.rb (destructive, !80555 by lee.w"));

        // 7. How far back gprd can go: the middle package, not the oldest.
        call().body(Map.of("environment", "gprd")).post("/rollback-targets")
                .then().statusCode(200).body("current", equalTo(PACKAGE_2))
                .body("targets.package", contains(PACKAGE_1, PACKAGE_0))
                .body("targets.safe", contains(true, false))
                .body("targets.risk", contains("none", "compatible"))
                .body("pointOfNoReturn", equalTo(PACKAGE_0))
                .body("breakingPoint", org.hamcrest.Matchers.nullValue()).body("compatibleTargets", equalTo(2))
                .body("text", containsString("none of them would break"))
                .body("safeTargets", equalTo(1));
        call().body(Map.of("environment", "gprd", "target", PACKAGE_1.substring(0, PACKAGE_1.length() - 1))).post("/rollback-check")
                .then().statusCode(404).body("error", containsString("did you mean " + PACKAGE_1));

        // 8. and 9. Where a post-migration has run; what goes into the release.
        call().body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(200).body("found[0].package", equalTo(PACKAGE_1))
                .body("found[0].executedOn.'db/gprd'", equalTo(true))
                .body("text", containsString("ran on db/gstg, ran on db/gprd"));
        call().body(Map.of("release", "14.8")).post("/release-post-migrations")
                .then().statusCode(200).body("notExecuted", contains(QUEUE, REMOVE_COLUMN));

        // 10. Before gprd's next post-deploy migration run: what it would execute, what it would cost the rollback;
        // then the run starts (GitLab creates its deployment, here on the demo GitLab) and its webhook says so.
        call().body(Map.of("environment", "gprd")).post("/next-run").then().statusCode(200)
                .body("postMigrations.path", contains(QUEUE, REMOVE_COLUMN)).body("lostTargets", contains(PACKAGE_1))
                .body("pointOfNoReturnAfter", equalTo(PACKAGE_1)).body("newlyBreaking", contains(PACKAGE_0));
        long nextRun = given().urlEncodingEnabled(false).contentType("application/json").body(Map.of("environment", "db/gprd", "sha", SHA_2, "ref", PACKAGE_2,
                "status", "running")).post(gitlabUrl + "/api/v4/projects/gitlab-org%2Fsecurity%2Fgitlab/deployments")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        call().header("X-Gitlab-Event", "Deployment Hook").body(Map.of("object_kind", "deployment", "status", "running",
                "deployment_id", nextRun, "environment", "db/gprd", "project", Map.of("path_with_namespace", SOURCE)))
                .post("/deployment-event").then().statusCode(200)
                .body("notice.note.status", equalTo("created")).body("notice.lostTargets", contains(PACKAGE_1));
    }
}
