package com.gitlab.release.tracker.queries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;

/**
 * which-package, rollback-check and release-post-migrations over a realistic history: three 14.8 packages recorded
 * by the function itself among 260 other notes (several pages), one note edited by a person, notes of other tools,
 * a broken marker, and an older 14.7 issue.
 */
@QuarkusTest
class QueriesTest extends FunctionTest {

    static final String C1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    static final String C2 = "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2";
    static final String C3 = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3";
    static final String C4 = "c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4";
    static final String V1 = pkg("14.8", "202202081000", C1);
    static final String V2 = pkg("14.8", "202202081200", C2);
    static final String V3 = pkg("14.8", "202202081400", C3);
    static final String PM_A = "db/post_migrate/20220204100000_remove_old_index.rb";
    static final String PM_B = "db/post_migrate/20220205100000_drop_legacy_column.rb";
    static final String PM_C = "ee/db/geo/post_migrate/20220205110000_geo_cleanup_registry.rb";
    static final String PM_UNNOTED = "db/post_migrate/20220206100000_unnoted.rb";
    static final String PM_OLD = "db/post_migrate/20220110100000_from_last_month.rb";
    static final long OLD_RELEASE_IID = 1990;

    @BeforeEach
    void history() {
        gitlab.project(SOURCE)
                .commit(C1, BASE_SHA, PM_A)
                .commit(C2, C1, "app/models/project.rb")
                .commit(C3, C2, PM_B, PM_C)
                .commit(C4, C3, PM_UNNOTED);
        GitLabWorld.Issue issue = gitlab.project(RELEASES).issue(RELEASE_IID);
        chatter(issue, 90);
        record(V1, BASE_PACKAGE);
        issue.note("<!-- release-tools: deployment of " + V1 + " to gprd -->\nDeployed to production");
        chatter(issue, 90);
        record(V2, V1);
        record(V3, V2);
        issue.note("<!-- post-migration-tracker {\"v\":1,\"package\": oops -->");
        chatter(issue, 80);

        GitLabWorld.Issue older = gitlab.project(RELEASES).issue(OLD_RELEASE_IID, "Release 14.7", "closed");
        older.note("<!-- post-migration-tracker {\"v\":1,\"package\":\"14.7.202201121000-0123456789a.4ce763dbce1\","
                + "\"sha\":\"0123456789a\",\"postMigrations\":[\"" + PM_OLD + "\"]} -->\nPeople rewrote this text.");
    }

    private void record(String packageVersion, String previous) {
        call().body(Map.of("package", packageVersion, "previous", previous)).post("/record-package")
                .then().statusCode(200);
    }

    private long noteIdOf(String packageVersion) {
        return releaseNotes().stream().filter(n -> n.body().contains("\"package\":\"" + packageVersion + "\""))
                .findFirst().orElseThrow().id();
    }

    // ---- which-package ----

    @Test
    void whichPackageByVersion() {
        call().body(Map.of("migration", "20220204100000")).post("/which-package")
                .then().statusCode(200)
                .body("found", hasSize(1))
                .body("found[0].path", equalTo(PM_A))
                .body("found[0].package", equalTo(V1))
                .body("found[0].release", equalTo("14.8"))
                .body("found[0].issueUrl", equalTo("https://gitlab.example.com/" + RELEASES + "/-/issues/" + RELEASE_IID))
                .body("found[0].noteUrl", equalTo("https://gitlab.example.com/" + RELEASES + "/-/issues/" + RELEASE_IID
                        + "#note_" + noteIdOf(V1)))
                .body("text", equalTo("20220204100000_remove_old_index.rb came with " + V1 + " (14.8), "
                        + "not yet run on db/gstg, not yet run on db/gprd: "
                        + "https://gitlab.example.com/" + RELEASES + "/-/issues/" + RELEASE_IID + "#note_" + noteIdOf(V1)));
    }

    @Test
    void whichPackageByFileNameOrPath() {
        call().body(Map.of("migration", "20220205110000_geo_cleanup_registry.rb")).post("/which-package")
                .then().statusCode(200).body("found[0].package", equalTo(V3));
        call().body(Map.of("migration", PM_B)).post("/which-package")
                .then().statusCode(200).body("found[0].package", equalTo(V3));
    }

    @Test
    void whichPackageLooksAtRecentReleasesAndReadsEditedNotes() {
        call().body(Map.of("migration", "20220110100000")).post("/which-package")
                .then().statusCode(200)
                .body("found[0].package", equalTo("14.7.202201121000-0123456789a.4ce763dbce1"))
                .body("found[0].release", equalTo("14.7"));
    }

    @Test
    void whichPackageInAGivenReleaseOnly() {
        call().body(Map.of("migration", "20220110100000", "release", "14.8")).post("/which-package")
                .then().statusCode(404).body("error", containsString("Release 14.8 (" + RELEASES + "#" + RELEASE_IID + ")"));
    }

    @Test
    void aMigrationNoNoteNamesIs404SayingWhereItLooked() {
        call().body(Map.of("migration", "20220206100000")).post("/which-package")
                .then().statusCode(404)
                .body("error", containsString("migration 20220206100000 is in no package note on Release 14.8 ("
                        + RELEASES + "#" + RELEASE_IID + "), Release 14.7 (" + RELEASES + "#" + OLD_RELEASE_IID + ")"));
    }

    @Test
    void aMigrationThatIsNotOneIs400() {
        call().body(Map.of("migration", "add;index")).post("/which-package")
                .then().statusCode(400).body("error", containsString("is not a migration version"));
    }

    // ---- rollback-check ----

    @Test
    void rollbackAcrossPostMigrationsIsUnsafeAndNamesTheirPackages() {
        call().body(Map.of("current", V3, "target", V1)).post("/rollback-check")
                .then().statusCode(200)
                .body("safe", equalTo(false))
                .body("postMigrations.path", contains(PM_B, PM_C))
                .body("postMigrations.package", contains(V3, V3))
                .body("text", containsString("NOT safe to roll back from " + V3 + " to " + V1 + ": 2 post-deployment migrations"));
    }

    @Test
    void rollbackWithoutPostMigrationsBetweenIsSafe() {
        call().body(Map.of("current", V2, "target", V1)).post("/rollback-check")
                .then().statusCode(200).body("safe", equalTo(true)).body("postMigrations", hasSize(0))
                .body("text", containsString("Safe"));
    }

    @Test
    void rollbackToAPackageNewerThanCurrentIs400() {
        call().body(Map.of("current", V1, "target", V3)).post("/rollback-check")
                .then().statusCode(400).body("error", containsString("newer than current"));
        assertThat(gitlab.requests()).noneMatch(r -> r.contains("/repository/compare?from=c3"));
    }

    @Test
    void rollbackBetweenCommitsComparesThroughGitLab() {
        call().body(Map.of("current", C4, "target", C2)).post("/rollback-check")
                .then().statusCode(200)
                .body("safe", equalTo(false))
                .body("postMigrations.path", contains(PM_B, PM_UNNOTED, PM_C))
                .body("postMigrations.find { it.path == '" + PM_UNNOTED + "' }.package", nullValue());
    }

    @Test
    void rollbackToACommitNewerThanCurrentIs400() {
        call().body(Map.of("current", C2, "target", C4)).post("/rollback-check")
                .then().statusCode(400).body("error", containsString("newer than current"));
    }

    // ---- release-post-migrations ----

    @Test
    void releasePostMigrationsListsEveryPackageInOrder() {
        call().body(Map.of("release", "14.8")).post("/release-post-migrations")
                .then().statusCode(200)
                .body("release", equalTo("14.8"))
                .body("issueUrl", equalTo("https://gitlab.example.com/" + RELEASES + "/-/issues/" + RELEASE_IID))
                .body("packages.package", contains(V1, V3))
                .body("packages[1].noteUrl", containsString("#note_" + noteIdOf(V3)))
                .body("packages[1].postMigrations", contains(PM_B, PM_C))
                .body("postMigrations.path", contains(PM_A, PM_B, PM_C))
                .body("postMigrations.executedOnProduction", contains(false, false, false))
                .body("notExecuted", contains(PM_A, PM_B, PM_C))
                .body("markdown", containsString("3 post-deployment migrations from 2 packages; none has run on `db/gprd` yet."
                        + "\n\nNot yet executed on `db/gprd` (not in the release):\n\n"
                        + "- `" + PM_A + "` (`" + V1 + "`, main)\n- `" + PM_B + "` (`" + V3 + "`, main)\n- `" + PM_C + "` (`" + V3 + "`, geo)\n"));
    }

    @Test
    void releasePostMigrationsOfAReleaseWithoutIssueIs404() {
        call().body(Map.of("release", "15.0")).post("/release-post-migrations")
                .then().statusCode(404).body("error", containsString("no issue titled 'Release 15.0'"));
    }

    @Test
    void queriesShareTheErrorContract() {
        call().body("{").post("/release-post-migrations").then().statusCode(400).body("error", containsString("not valid"));
        call().post("/which-package").then().statusCode(400);
        call().body(Map.of("current", "x")).post("/rollback-check").then().statusCode(400).body("error", containsString("name both"));
        io.restassured.RestAssured.given().contentType("application/json").body(Map.of("release", "14.8"))
                .post("/release-post-migrations").then().statusCode(401);
    }

    @Test
    void theHistorySpansSeveralPagesOfNotes() {
        assertThat(releaseNotes()).hasSizeGreaterThan(250);
        assertThat(List.of(V1, V2, V3)).allSatisfy(v -> assertThat(releaseNotes()).anyMatch(n -> n.body().contains(v)));
    }
}
