package com.gitlab.release.tracker.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.FaultKind;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The post-migration lifecycle over a realistic history: five 14.8 packages deployed to gprd, one of whose
 * deployments failed (its post-migration still reaches production with the next package), three post-deploy
 * migration runs on db/gprd and two on db/gstg, and the packages recorded by the function itself.
 *
 * <pre>
 * BASE ── P1 (PM_1 ci·finalize, PM_2) ── F (PM_F; its gprd deployment failed) ── P2 (PM_3 queue) ── P3 (PM_4 ci·delete)
 * db/gprd runs:   A at BASE, B at P1, C at P2          → PM_4 deployed to gprd, not executed there
 * db/gstg runs:   at BASE, at P3                       → everything executed on staging
 * </pre>
 */
@QuarkusTest
class PostMigrationLifecycleTest extends FunctionTest {

    static final String F_SHA = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";
    static final String P2_SHA = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
    static final String P3_SHA = "b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3";
    static final String F_PACKAGE = pkg("14.8", "202202081100", F_SHA);
    static final String P2 = pkg("14.8", "202202081300", P2_SHA);
    static final String P3 = pkg("14.8", "202202081500", P3_SHA);
    static final String PM_F = "db/post_migrate/20220203100000_remove_projects_legacy_column.rb";
    static final String PM_3 = "db/post_migrate/20220204100000_queue_backfill_namespace_details.rb";
    static final String PM_4 = "db/post_migrate/20220205100000_delete_ci_builds_backfill.rb";

    long runA;
    long runB;
    long runC;

    @BeforeEach
    void history() {
        GitLabWorld.Project source = gitlab.project(SOURCE)
                .commit(F_SHA, PACKAGE_SHA, PM_F)
                .commit(P2_SHA, F_SHA, PM_3)
                .commit(P3_SHA, P2_SHA, PM_4)
                .branch("14-8-auto-deploy-2022020815", P3_SHA)
                .content(PM_1, "class Cleanup < Gitlab::Database::Migration[2.1]\n"
                        + "  restrict_gitlab_migration gitlab_schema: :gitlab_ci\n"
                        + "  def up\n    ensure_batched_background_migration_is_finished(job_class_name: 'X')\n  end\nend\n")
                .content(PM_3, "class QueueBackfill < Gitlab::Database::Migration[2.1]\n"
                        + "  def up\n    queue_batched_background_migration('BackfillNamespaceDetails', :namespaces, :id)\n  end\n"
                        + "  def down\n    delete_batched_background_migration('BackfillNamespaceDetails', :namespaces, :id, [])\n  end\nend\n")
                .content(PM_4, "class DeleteBackfill < Gitlab::Database::Migration[2.1]\n"
                        + "  restrict_gitlab_migration gitlab_schema: :gitlab_ci\n"
                        + "  def up\n    delete_batched_background_migration('BackfillCiBuilds', :ci_builds, :id, [])\n  end\nend\n");
        Instant t = Instant.parse("2022-02-08T00:00:00Z");
        source.deployAt("gprd", BASE_SHA, BASE_PACKAGE, "success", t);
        runA = source.deployAt("db/gprd", BASE_SHA, BASE_PACKAGE, "success", t.plusSeconds(600));
        source.deployAt("db/gstg", BASE_SHA, BASE_PACKAGE, "success", t.plusSeconds(700));
        source.deployAt("gprd", PACKAGE_SHA, PACKAGE, "success", t.plusSeconds(3600));
        runB = source.deployAt("db/gprd", PACKAGE_SHA, PACKAGE, "success", t.plusSeconds(4000));
        source.deployAt("gprd", F_SHA, F_PACKAGE, "failed", t.plusSeconds(7200));
        source.deployAt("db/gprd", F_SHA, F_PACKAGE, "failed", t.plusSeconds(7300));
        source.deployAt("gprd", P2_SHA, P2, "success", t.plusSeconds(10800));
        runC = source.deployAt("db/gprd", P2_SHA, P2, "success", Instant.parse("2022-02-08T03:30:00Z"));
        source.deployAt("gprd", P3_SHA, P3, "success", t.plusSeconds(14400));
        source.deployAt("db/gstg", P3_SHA, P3, "success", t.plusSeconds(15000));

        record(PACKAGE, BASE_PACKAGE);
        record(F_PACKAGE, PACKAGE);
        record(P2, F_PACKAGE);
        record(P3, P2);
    }

    private void record(String packageVersion, String previous) {
        call().body(Map.of("package", packageVersion, "previous", previous)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"));
    }

    private List<GitLabWorld.Note> runNotes() {
        return releaseNotes().stream().filter(n -> n.body().contains("\"type\":\"execution\"")).toList();
    }

    // ---- recording runs ----

    @Test
    void aSuccessfulRunOnDbGprdRecordsWhatItExecutedOnce() {
        hook().body(deploymentEvent("db/gprd", "success", runC, P2_SHA, null)).post("/deployment-event")
                .then().statusCode(200)
                .body("skipped", nullValue())
                .body("environment", equalTo("db/gprd"))
                .body("deploymentId", equalTo((int) runC))
                .body("sha", equalTo(P2_SHA))
                .body("previousSha", equalTo(PACKAGE_SHA))
                .body("executedAt", equalTo("2022-02-08T03:30:00Z"))
                .body("executed.path", contains(PM_F, PM_3))
                .body("executed.package", contains(F_PACKAGE, P2))
                .body("executed[1].database", equalTo("main"))
                .body("executed[1].batchedBackgroundMigration", equalTo("queue"))
                .body("note.status", equalTo("created"));

        List<GitLabWorld.Note> notes = runNotes();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).body())
                .contains("#### Post-deployment migrations executed on `gprd`")
                .contains("ran 2 post-deployment migrations on `db/gprd` at 2022-02-08 03:30 UTC")
                .contains("[job](https://gitlab.example.com/" + SOURCE + "/-/jobs/" + (runC + 1) + ")")
                .contains("- `" + PM_3 + "` from `" + P2 + "` (main · queues a batched background migration)")
                .contains("- `" + PM_F + "` from `" + F_PACKAGE + "`");

        hook().body(deploymentEvent("db/gprd", "success", runC, P2_SHA, null)).post("/deployment-event")
                .then().statusCode(200).body("note.status", equalTo("exists"))
                .body("note.id", equalTo((int) notes.get(0).id()));
        assertThat(runNotes()).hasSize(1);
    }

    @Test
    void eachRunIsItsOwnNoteAndRunsOfOtherDatabasesAreApart() {
        hook().body(deploymentEvent("db/gprd", "success", runB, PACKAGE_SHA, null)).post("/deployment-event")
                .then().statusCode(200).body("executed.path", contains(PM_1, PM_2))
                .body("executed[0].database", equalTo("ci")).body("executed[0].batchedBackgroundMigration", equalTo("finalize"));
        hook().body(deploymentEvent("db/gprd", "success", runC, P2_SHA, null)).post("/deployment-event")
                .then().statusCode(200).body("executed.path", contains(PM_F, PM_3));
        long gstgRun = gitlab.project(SOURCE).deploy("db/gstg", P3_SHA, P3);
        hook().body(deploymentEvent("db/gstg", "success", gstgRun, P3_SHA, null)).post("/deployment-event")
                .then().statusCode(200).body("previousSha", equalTo(P3_SHA)).body("executed", empty())
                .body("note.status", equalTo("none"));

        assertThat(runNotes()).hasSize(2);
    }

    @Test
    void theFirstRunAndUnsuccessfulRunsAreSkipped() {
        hook().body(deploymentEvent("db/gprd", "success", runA, BASE_SHA, null)).post("/deployment-event")
                .then().statusCode(200).body("skipped", containsString("no earlier successful run on db/gprd"));
        // A run that starts gets its notice (RunNoticeTest), no run note; a blocked one nothing.
        hook().body(deploymentEvent("db/gprd", "running", runC, P2_SHA, null)).post("/deployment-event")
                .then().statusCode(200).body("notice.deploymentId", equalTo((int) runC));
        hook().body(deploymentEvent("db/gprd", "blocked", runC, P2_SHA, null)).post("/deployment-event")
                .then().statusCode(200).body("skipped", containsString("recorded when it succeeds (success)"));
        assertThat(runNotes()).isEmpty();
    }

    @Test
    void backfillRecordsPastRunsAndCanBeRunAgain() {
        call().body(Map.of("environment", "db/gprd")).post("/backfill")
                .then().statusCode(200)
                .body("environment", equalTo("db/gprd"))
                .body("packages.deploymentId", contains((int) runB, (int) runC))
                .body("packages[0].postMigrations.path", contains(PM_1, PM_2))
                .body("packages[1].postMigrations.path", contains(PM_F, PM_3))
                .body("created", equalTo(2)).body("failed", equalTo(0));
        call().body(Map.of("environment", "db/gprd")).post("/backfill")
                .then().statusCode(200).body("created", equalTo(0)).body("exists", equalTo(2));
        assertThat(runNotes()).hasSize(2);
    }

    // ---- pending ----

    @Test
    void pendingListsWhatGprdRunsButItsDatabaseHasNot() {
        call().body(Map.of()).post("/pending-post-migrations")
                .then().statusCode(200)
                .body("environment", equalTo("gprd"))
                .body("deployedSha", equalTo(P3_SHA))
                .body("executedSha", equalTo(P2_SHA))
                .body("executedAt", equalTo("2022-02-08T03:30:00Z"))
                .body("pending.path", contains(PM_4))
                .body("pending[0].package", equalTo(P3))
                .body("pending[0].database", equalTo("ci"))
                .body("pending[0].batchedBackgroundMigration", equalTo("delete"))
                .body("text", equalTo("1 post-deployment migration deployed to gprd but not executed on db/gprd since "
                        + "2022-02-08 03:30 UTC: 20220205100000_delete_ci_builds_backfill.rb (" + P3
                        + ", ci · deletes a batched background migration)"));
    }

    @Test
    void pendingForACandidateRefOrAnotherStage() {
        call().body(Map.of("environment", "gprd-cny", "ref", "14-8-auto-deploy-2022020815")).post("/pending-post-migrations")
                .then().statusCode(200).body("environment", equalTo("gprd-cny")).body("deployedSha", equalTo(P3_SHA))
                .body("pending.path", contains(PM_4)).body("text", containsString("in 14-8-auto-deploy-2022020815 but not executed"));
        call().body(Map.of("ref", P2)).post("/pending-post-migrations")
                .then().statusCode(200).body("pending", empty()).body("text", startsWith("Nothing pending"));
        call().body(Map.of("environment", "gstg", "ref", P3_SHA)).post("/pending-post-migrations")
                .then().statusCode(200).body("pending", empty());
        call().body(Map.of("ref", "no-such-branch")).post("/pending-post-migrations")
                .then().statusCode(404).body("error", containsString("no-such-branch"));
        call().body(Map.of("environment", "pre")).post("/pending-post-migrations")
                .then().statusCode(404).body("error", containsString("no successful deployment on pre"));
    }

    // ---- rollback by the point of no return ----

    @Test
    void rollingBackPastAnExecutedPostMigrationIsUnsafe() {
        call().body(Map.of("environment", "gprd", "target", PACKAGE)).post("/rollback-check")
                .then().statusCode(200)
                .body("safe", equalTo(false))
                .body("environment", equalTo("gprd"))
                .body("current", equalTo(P3))
                .body("reason", equalTo("post-migrations executed"))
                .body("executedSha", equalTo(P2_SHA))
                .body("executedAt", equalTo("2022-02-08T03:30:00Z"))
                .body("deploymentInProgress", equalTo(false))
                .body("postMigrations.path", contains(PM_F, PM_3))
                .body("postMigrations.package", contains(F_PACKAGE, P2))
                .body("pendingDropped.path", contains(PM_4))
                .body("text", startsWith("NOT safe to roll gprd back to " + PACKAGE + ": 2 post-deployment migrations executed on db/gprd"));
    }

    @Test
    void rollingBackOverPostMigrationsThatHaveNotRunIsSafe() {
        call().body(Map.of("environment", "gprd", "target", P2)).post("/rollback-check")
                .then().statusCode(200)
                .body("safe", equalTo(true))
                .body("reason", equalTo("none"))
                .body("postMigrations", empty())
                .body("pendingDropped.path", contains(PM_4))
                .body("pendingDropped[0].package", equalTo(P3))
                .body("text", containsString("1 post-deployment migration deployed but not executed would simply not run"));
    }

    @Test
    void aDeploymentInProgressBlocksARollback() {
        gitlab.project(SOURCE).deploy("gprd", P3_SHA, P3, "running");

        call().body(Map.of("environment", "gprd", "target", P2)).post("/rollback-check")
                .then().statusCode(200).body("safe", equalTo(false)).body("deploymentInProgress", equalTo(true))
                .body("reason", equalTo("deployment in progress")).body("text", containsString("is in progress"));
        call().body(Map.of("environment", "gprd", "target", PACKAGE)).post("/rollback-check")
                .then().statusCode(200).body("reason", equalTo("post-migrations executed; deployment in progress"));
    }

    @Test
    void withoutARunOnRecordTheOldRuleDecidesAndSaysSo() {
        call().body(Map.of("environment", "pre", "current", P3, "target", P2)).post("/rollback-check")
                .then().statusCode(200)
                .body("safe", equalTo(false))
                .body("executedSha", nullValue())
                .body("reason", startsWith("no post-deploy migration run on record for db/pre"))
                .body("postMigrations.path", contains(PM_4))
                .body("pendingDropped", empty());
    }

    @Test
    void aTargetNewerThanCurrentIsRefused() {
        call().body(Map.of("environment", "gprd", "current", PACKAGE, "target", P3)).post("/rollback-check")
                .then().statusCode(400).body("error", containsString("newer than current"));
    }

    // ---- which-package and the release ----

    @Test
    void whichPackageSaysWhereAPostMigrationHasRun() {
        hook().body(deploymentEvent("db/gprd", "success", runC, P2_SHA, null)).post("/deployment-event").then().statusCode(200);

        call().body(Map.of("migration", "20220204100000")).post("/which-package")
                .then().statusCode(200)
                .body("found[0].package", equalTo(P2))
                .body("found[0].database", equalTo("main"))
                .body("found[0].batchedBackgroundMigration", equalTo("queue"))
                .body("found[0].executedOn.'db/gstg'", equalTo(true))
                .body("found[0].executedOn.'db/gprd'", equalTo(true))
                .body("found[0].executedAt.'db/gprd'", equalTo("2022-02-08T03:30:00Z"))
                .body("text", containsString("ran on db/gstg, ran on db/gprd"));
        call().body(Map.of("migration", PM_4)).post("/which-package")
                .then().statusCode(200)
                .body("found[0].executedOn.'db/gstg'", equalTo(true))
                .body("found[0].executedOn.'db/gprd'", equalTo(false))
                .body("found[0].executedAt", equalTo(Map.of()));
        assertThat(gitlab.requests()).anyMatch(r -> r.startsWith("HEAD /api/v4/projects/gitlab-org%2Fsecurity%2Fgitlab/repository/files/"
                + "db%2Fpost_migrate%2F20220205100000_delete_ci_builds_backfill.rb?ref=" + P2_SHA));
    }

    @Test
    void onlyPostMigrationsExecutedOnProductionGoIntoTheRelease() {
        call().body(Map.of("release", "14.8")).post("/release-post-migrations")
                .then().statusCode(200)
                .body("postMigrations.path", contains(PM_1, PM_2, PM_F, PM_3, PM_4))
                .body("postMigrations.executedOnProduction", contains(true, true, true, true, false))
                .body("postMigrations[0].database", equalTo("ci"))
                .body("notExecuted", contains(PM_4))
                .body("productionEnvironment", equalTo("db/gprd"))
                .body("executedSha", equalTo(P2_SHA))
                .body("markdown", containsString("5 post-deployment migrations from 4 packages; 4 executed on `db/gprd` go into the release"))
                .body("markdown", containsString("Not yet executed on `db/gprd` (not in the release):\n\n- `" + PM_4 + "` (`" + P3
                        + "`, ci · deletes a batched background migration)"));
    }

    @Test
    void aPostMigrationWhoseFileCannotBeReadIsListedUnclassified() {
        gitlab.failNext("GET", "20220205100000_delete_ci_builds_backfill.rb/raw", 10, FaultKind.BAD_GATEWAY);

        call().body(Map.of()).post("/pending-post-migrations")
                .then().statusCode(200).body("pending.path", contains(PM_4))
                .body("pending[0].package", equalTo(P3))
                .body("pending[0].database", nullValue())
                .body("pending", hasSize(1));
    }
}
