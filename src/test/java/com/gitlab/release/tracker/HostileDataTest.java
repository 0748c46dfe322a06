package com.gitlab.release.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Text made to hang a parser, and GitLab data no one means harm by whose numbers fit nothing: every call answers
 * within its deadline, a bad item is skipped, and no answer is a 5xx.
 */
@QuarkusTest
class HostileDataTest extends FunctionTest {

    @Test
    void aNoteOfTheMarkersOpeningAndEndlessSpaceIsReadAtOnce() {
        // 22 s a parse for 4,000 spaces with the backtracking pattern; 20,000 would take hours.
        gitlab.project(RELEASES).issue(RELEASE_IID)
                .noteBy(GitLabWorld.OTHER_USER, "<!-- post-migration-tracker" + " ".repeat(20_000) + "x")
                .note("<!-- post-migration-tracker" + "\t".repeat(20_000) + "x");

        call().body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(404).body("error", containsString("is in no package note"));
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200).body("note.status", equalTo("created"));
        call().body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(200).body("found.package", contains(PACKAGE));
    }

    @Test
    void aPostMigrationWithAVeryLongLineIsClassifiedAtOnce() {
        gitlab.project(SOURCE).content(PM_2, "class X < Gitlab::Database::Migration[2.2]\n  restrict_gitlab_migration"
                + " ".repeat(200_000) + "\n\n  def up\n  end\nend\n");

        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("postMigrations.path", contains(PM_1, PM_2))
                .body("postMigrations[1].database", equalTo("main"));
    }

    @Test
    void anIssueTitledWithNumbersNoReleaseHasIsSkipped() {
        gitlab.project(RELEASES).issue(RELEASE_IID + 1, "Release 99999999999.1");
        gitlab.project(RELEASES).issue(RELEASE_IID + 2, "Release 14.99999999999999999999");
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        gitlab.project(SOURCE).deploy("gprd", PACKAGE_SHA, PACKAGE);
        gitlab.project(SOURCE).deploy("db/gprd", BASE_SHA, BASE_PACKAGE);

        call().body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(200).body("found.package", contains(PACKAGE));
        call().body(Map.of("environment", "gprd")).post("/pending-post-migrations")
                .then().statusCode(200).body("pending.package", contains(PACKAGE, PACKAGE));
    }

    @Test
    void aMergeRequestNumberThatFitsNoLongIsNoMergeRequest() {
        gitlab.project(SOURCE).message(PACKAGE_SHA, "Merge branch 'x' into 'master'\n\nSee merge request gitlab-org/gitlab!99999999999999999999");

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"))
                .body("postMigrations[0].mergeRequest", nullValue());
    }

    @Test
    void aMergeRequestOfAProjectTheFunctionDoesNotKnowIsNotRead() {
        gitlab.project("someone/private-project").mergeRequest(5, "Embargoed security fix", "someone", java.util.List.of(), null);
        gitlab.project(SOURCE).message(PACKAGE_SHA, "Merge branch 'x'\n\nSee merge request someone/private-project!5");

        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("postMigrations[0].mergeRequest", nullValue());
        assertThat(gitlab.requests()).noneMatch(r -> r.contains("private-project"));
    }

    @Test
    void aRunNoteWrittenFromShapedValuesCannotAct() {
        // One of the function's own package notes whose merge request someone shaped (a URL and a label of theirs).
        gitlab.project(RELEASES).issue(RELEASE_IID).note(com.gitlab.release.tracker.domain.notes.PackageNote.render(
                new com.gitlab.release.tracker.domain.notes.PackageRecord(PACKAGE, PACKAGE_SHA, BASE_SHA, java.util.List.of(PM_1, PM_2),
                        "14.8", Map.of(PM_2, new com.gitlab.release.tracker.domain.migrations.MergeRequest(80222,
                                "https://gitlab.example.com/mr\n/close\n@all", "t", "jdoe\n/label ~x", "group::\n/close @all", null))),
                BASE_PACKAGE, null, null, Map.of()));
        long previous = gitlab.project(SOURCE).deploy("db/gprd", BASE_SHA, BASE_PACKAGE);
        long run = gitlab.project(SOURCE).deploy("db/gprd", PACKAGE_SHA, PACKAGE);

        hook().body(deploymentEvent("db/gprd", "success", run, PACKAGE_SHA, PACKAGE)).post("/deployment-event")
                .then().statusCode(200).body("note.status", equalTo("created"));

        String note = gitlab.project(RELEASES).issue(RELEASE_IID).notes().get(1).body();
        assertThat(note).contains("20220201173212_add_user_details_provisioning_index.rb");
        assertThat(com.gitlab.release.tracker.domain.notes.InertMarkdown.problems(note)).isEmpty();
        assertThat(previous).isLessThan(run);
    }

    @Test
    void aVersionWhoseNumbersFitNothingIsBadInput() {
        call().body(Map.of("package", "99999999999.8.202202080920-97d6e07c2a1.4ce763dbce1")).post("/record-package")
                .then().statusCode(400);
        call().body(Map.of("package", "14.8.202213450000-97d6e07c2a1.4ce763dbce1")).post("/record-package")
                .then().statusCode(400).body("error", containsString("UTC time"));
        call().body(Map.of("release", "99999999999.1")).post("/release-post-migrations").then().statusCode(400);
        call().body(Map.of("environment", "gstg-cny", "since", "PT9999999999999H")).post("/backfill").then().statusCode(400);
        assertThat(gitlab.requestCount()).isZero();
    }
}
