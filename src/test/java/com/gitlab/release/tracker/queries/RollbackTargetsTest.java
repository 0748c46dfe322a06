package com.gitlab.release.tracker.queries;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.demo.FaultKind;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /rollback-targets} and {@code rollback-check}'s risk over five packages deployed to gprd in turn, each
 * adding one post-migration of another kind, with the last db/gprd run at the third:
 *
 * <pre>
 * P0 ── P1 (+ index) ── P2 (+ not null) ── P3 (+ remove column) ── P4 (+ queue)      gprd runs P4
 *                            ▲ db/gprd ran here: the index and the NOT NULL have run, the rest not
 * </pre>
 */
@QuarkusTest
class RollbackTargetsTest extends FunctionTest {

    private static final String[] SHAS = {"a000000000a", "a111111111a", "a222222222a", "a333333333a", "a444444444a"};
    private static final String INDEX = "db/post_migrate/20220202000000_add_index_on_users_state.rb";
    private static final String NOT_NULL = "db/post_migrate/20220203000000_add_not_null_on_users_name.rb";
    private static final String REMOVE = "db/post_migrate/20220204000000_remove_users_legacy.rb";
    private static final String QUEUE = "db/post_migrate/20220205000000_queue_backfill_users.rb";
    private static final String[] ADDED = {null, INDEX, NOT_NULL, REMOVE, QUEUE};

    private static String sha(int i) {
        return SHAS[i] + "b2c3d4e5f60718293a4b5c6d7e8f9";
    }

    private static String version(int i) {
        return "14.8.2022020" + (i + 1) + "0920-" + SHAS[i] + ".4ce763dbce1";
    }

    private static String up(String body) {
        return "class X < Gitlab::Database::Migration[2.2]\n  def up\n    " + body + "\n  end\nend\n";
    }

    @BeforeEach
    void fivePackages() {
        gitlab.reset();
        GitLabWorld.Project source = fivePackagesWithoutRuns();
        Instant at = Instant.parse("2022-02-01T10:00:00Z");
        source.deployAt("db/gprd", sha(0), version(0), "success", at.plusSeconds(3_600));
        source.deployAt("db/gprd", sha(2), version(2), "success", at.plusSeconds(86_400L * 2 + 3_600));
    }

    @Test
    void theTargetsNewestFirstEachWithItsVerdictAndRisk() {
        call().body(Map.of("environment", "gprd")).post("/rollback-targets")
                .then().statusCode(200)
                .body("current", equalTo(version(4)))
                .body("targets.package", contains(version(3), version(2), version(1), version(0)))
                .body("targets.safe", contains(true, true, false, false))
                .body("targets.risk", contains("none", "none", "review", "review"))
                .body("targets[2].postMigrations.path", contains(NOT_NULL))
                .body("targets[2].postMigrations[0].rollbackRisk", equalTo("writes"))
                .body("targets[3].postMigrations.path", contains(INDEX, NOT_NULL))
                .body("pointOfNoReturn", equalTo(version(1)))
                .body("safeTargets", equalTo(2))
                .body("text", containsString("2 are safe to roll back to, back to " + version(2)))
                .body("text", containsString("The point of no return is " + version(1)));
        // Four compares of consecutive packages, none of a package with the run's commit.
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("/repository/compare")).hasSize(4);
    }

    @Test
    void aDeploymentInProgressBlocksEveryTarget() {
        gitlab.project(SOURCE).deploy("gprd", sha(4), version(4), "running");

        call().body(Map.of("environment", "gprd")).post("/rollback-targets")
                .then().statusCode(200)
                .body("targets.safe", contains(false, false, false, false))
                .body("safeTargets", equalTo(0)).body("pointOfNoReturn", equalTo(version(3)))
                .body("deploymentInProgress", equalTo(true))
                .body("text", containsString("in progress: no rollback now"));
    }

    @Test
    void withNoRunOnRecordWhatWasIntroducedSinceATargetDecides() {
        gitlab.reset();
        fivePackagesWithoutRuns();

        call().body(Map.of("environment", "gprd")).post("/rollback-targets")
                .then().statusCode(200)
                .body("targets.safe", contains(false, false, false, false))
                .body("targets.risk", contains("compatible", "breaking", "breaking", "breaking"))
                .body("pointOfNoReturn", equalTo(version(3)));
    }

    @Test
    void aRunAtACommitOutsideTheTargetsIsComparedWithEachOfThem() {
        gitlab.project(SOURCE).commit("b555555555ab2c3d4e5f60718293a4b5c6d7e8f9", sha(1));
        gitlab.project(SOURCE).deploy("db/gprd", "b555555555ab2c3d4e5f60718293a4b5c6d7e8f9", "14-8-auto-deploy-2022020210");

        call().body(Map.of("environment", "gprd")).post("/rollback-targets")
                .then().statusCode(200)
                .body("targets.safe", contains(true, true, true, false))
                .body("pointOfNoReturn", equalTo(version(0)));
    }

    @Test
    void theRollbackCheckSaysWhatTheRollbackWouldBreak() {
        gitlab.project(SOURCE).deploy("db/gprd", sha(3), version(3));

        call().body(Map.of("environment", "gprd", "target", version(2))).post("/rollback-check")
                .then().statusCode(200).body("safe", equalTo(false)).body("risk", equalTo("breaking"))
                .body("riskPostMigrations", contains(REMOVE))
                .body("text", containsString("It would break older code: remove_column users.legacy"));
        call().body(Map.of("environment", "gprd", "target", version(1))).post("/rollback-check")
                .then().statusCode(200).body("risk", equalTo("breaking"))
                .body("postMigrations.rollbackRisk", contains("writes", "destructive"));
        call().body(Map.of("environment", "gprd", "target", version(3))).post("/rollback-check")
                .then().statusCode(200).body("safe", equalTo(true)).body("risk", equalTo("none"))
                .body("riskPostMigrations", org.hamcrest.Matchers.empty());
    }

    @Test
    void aPostMigrationWhoseFileCannotBeReadIsJudgedByItsNoteElseUnknown() {
        call().body(Map.of("package", version(2), "previous", version(0))).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"));
        assertThat(releaseNotes().get(0).body()).contains("\"rollbackRisks\":{", "\"rollbackRisk\":\"writes\"");
        gitlab.failNext("GET", "/raw", 100, FaultKind.FORBIDDEN);

        call().body(Map.of("environment", "gprd", "target", version(0))).post("/rollback-check")
                .then().statusCode(200)
                .body("postMigrations.path", contains(INDEX, NOT_NULL))
                .body("postMigrations.database", contains(nullValue(), nullValue()))
                .body("postMigrations.rollbackRisk", contains("none", "writes"))
                .body("risk", equalTo("review"));
        gitlab.reset();
        fivePackages();
        gitlab.failNext("GET", "/raw", 100, FaultKind.FORBIDDEN);
        call().body(Map.of("environment", "gprd", "target", version(0))).post("/rollback-check")
                .then().statusCode(200).body("postMigrations.rollbackRisk", contains("unknown", "unknown"))
                .body("risk", equalTo("breaking"));
    }

    @Test
    void chatShowsHowFarBackInAFewLines() {
        String reply = given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("rollback gprd")
                .post("/chatops").then().statusCode(200).extract().asString();

        String current = PackageVersion.shortName(version(4));
        assertThat(reply).startsWith("gprd can go back to ").contains("(runs " + current + "); point of no return "
                + PackageVersion.shortName(version(1)) + "\n");
        given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("rollback")
                .post("/chatops").then().statusCode(200).body(containsString("(runs " + current + ")"));
        given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("rollback gprd " + version(1))
                .post("/chatops").then().statusCode(200).body(containsString("risk review"));
    }

    @Test
    void eachTargetIsJudgedByItsOwnCode() {
        // The removal has run on db/gprd. P2 already ignores users.legacy in its model (a release before the drop, as
        // GitLab does); P1 documents users but does not ignore the column.
        gitlab.project(SOURCE).deploy("db/gprd", sha(3), version(3));
        String doc = "---\ntable_name: users\nclasses:\n- User\n";
        gitlab.project(SOURCE).contentAt(sha(1), "db/docs/users.yml", doc)
                .contentAt(sha(1), "app/models/user.rb", "class User < ApplicationRecord\nend\n")
                .contentAt(sha(2), "db/docs/users.yml", doc)
                .contentAt(sha(2), "app/models/user.rb", "class User < ApplicationRecord\n  ignore_column :legacy,"
                        + " remove_with: '14.9', remove_after: '2022-03-22'\nend\n");

        call().body(Map.of("environment", "gprd", "target", version(2))).post("/rollback-check")
                .then().statusCode(200).body("safe", equalTo(false)).body("risk", equalTo("compatible"))
                .body("targetCode[0].path", equalTo(REMOVE)).body("targetCode[0].compatible", equalTo(true))
                .body("targetCode[0].why", containsString("the target already ignores users.legacy (app/models/user.rb, remove_with 14.9)"))
                .body("whoToPage", nullValue());
        call().body(Map.of("environment", "gprd", "target", version(1))).post("/rollback-check")
                .then().statusCode(200).body("risk", equalTo("breaking"))
                .body("targetCode[0].compatible", equalTo(false))
                .body("targetCode[0].why", containsString("app/models/user.rb at " + SHAS[1] + " does not ignore users.legacy"))
                .body("whoToPage.path", contains(REMOVE)).body("whoToPage[0].rollbackRisk", equalTo("destructive"))
                .body("text", containsString("Who to page: 20220204000000_remove_users_legacy.rb (destructive, no merge request found)"));
        call().body(Map.of("environment", "gprd")).post("/rollback-targets")
                .then().statusCode(200)
                .body("targets.safe", contains(true, false, false, false))
                .body("targets.risk", contains("none", "compatible", "breaking", "breaking"))
                .body("pointOfNoReturn", equalTo(version(2))).body("breakingPoint", equalTo(version(1)))
                .body("compatibleTargets", equalTo(2))
                .body("text", containsString("the breaking point is " + version(1)));
        // Each file read once per commit, only at the targets something destructive ran beyond.
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("db%2Fdocs%2Fusers.yml/raw") && r.contains(SHAS[2])).hasSize(2);
        String chat = given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("rollback gprd")
                .post("/chatops").then().statusCode(200).extract().asString();
        assertThat(chat).contains(PackageVersion.shortName(version(1)) + " NOT safe · risk breaking · breaking point");
    }

    @Test
    void onlyAPackageTheEnvironmentRanIsATarget() {
        String mistyped = version(1).substring(0, version(1).length() - 1);
        call().body(Map.of("environment", "gprd", "target", mistyped)).post("/rollback-check")
                .then().statusCode(404).body("error", containsString("target " + mistyped + " never ran on gprd"))
                .body("error", containsString("did you mean " + version(1)));
        call().body(Map.of("environment", "gprd", "target", "14.8.202201010920-" + SHAS[1] + ".4ce763dbce1")).post("/rollback-check")
                .then().statusCode(404).body("error", containsString("did you mean " + version(1)));
        call().body(Map.of("environment", "gprd", "target", SHAS[2])).post("/rollback-check").then().statusCode(200);
        call().body(Map.of("environment", "gprd", "target", version(4))).post("/rollback-check")
                .then().statusCode(200).body("safe", equalTo(true))
                .body("text", containsString("gprd runs " + version(4) + " already: there is nothing to roll back"));
        // A mistyped timestamp: the error names that word, not the environment.
        String badTimestamp = "14.8.20220202092-" + SHAS[1] + ".4ce763dbce1";
        given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("rollback gprd " + badTimestamp)
                .post("/chatops").then().statusCode(400).body(containsString("'" + badTimestamp + "'"))
                .body(org.hamcrest.Matchers.not(containsString("'gprd'")));
    }

    /** Five packages, each deployed to gprd a day after the last, and no run on db/gprd at all. */
    private GitLabWorld.Project fivePackagesWithoutRuns() {
        gitlab.project(RELEASES).issue(RELEASE_IID, "Release 14.8");
        GitLabWorld.Project source = gitlab.project(SOURCE).commit(sha(0), List.of("README.md"))
                .content(INDEX, up("add_concurrent_index :users, :state"))
                .content(NOT_NULL, up("add_not_null_constraint :users, :name"))
                .content(REMOVE, up("remove_column :users, :legacy"))
                .content(QUEUE, up("queue_batched_background_migration('BackfillUsers', :users, :id)"));
        for (int i = 1; i < SHAS.length; i++) {
            source.commit(sha(i), sha(i - 1), ADDED[i]);
        }
        Instant at = Instant.parse("2022-02-01T10:00:00Z");
        for (int i = 0; i < SHAS.length; i++) {
            source.deployAt("gprd", sha(i), version(i), "success", at.plusSeconds(86_400L * i));
        }
        return source;
    }
}
