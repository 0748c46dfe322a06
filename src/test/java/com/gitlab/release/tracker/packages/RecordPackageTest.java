package com.gitlab.release.tracker.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RecordPackageTest extends FunctionTest {

    @Test
    void writesOneNoteListingThePackageAndItsPostMigrations() {
        call().body(Map.of("package", PACKAGE))
                .when().post("/record-package")
                .then().statusCode(200)
                .body("package", equalTo(PACKAGE))
                .body("sha", equalTo("97d6e07c2a1"))
                .body("previousSha", equalTo(BASE_SHA))
                .body("postMigrations.path", contains(PM_1, PM_2))
                .body("note.status", equalTo("created"));

        List<GitLabWorld.Note> notes = releaseNotes();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).body()).contains(PACKAGE, PM_1, PM_2, BASE_PACKAGE, "<!-- post-migration-tracker");
    }

    @Test
    void answersTheNoteUrlOnTheReleaseIssue() {
        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200)
                .body("note.id", equalTo((int) releaseNotes().get(0).id()))
                .body("note.url", equalTo("https://gitlab.example.com/" + RELEASES + "/-/issues/" + RELEASE_IID
                        + "#note_" + releaseNotes().get(0).id()));
    }

    @Test
    void secondCallForTheSamePackageWritesNothing() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        long first = releaseNotes().get(0).id();

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200)
                .body("note.status", equalTo("exists"))
                .body("note.id", equalTo((int) first));
        assertThat(releaseNotes()).hasSize(1);
    }

    @Test
    void omnibusTagSpellingNamesTheSamePackage() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);

        call().body(Map.of("package", PACKAGE.replace('-', '+'))).post("/record-package")
                .then().statusCode(200)
                .body("package", equalTo(PACKAGE))
                .body("note.status", equalTo("exists"));
        assertThat(releaseNotes()).hasSize(1);
    }

    @Test
    void packageWithoutPostMigrationsGetsNoNote() {
        String sha = "aaaabbbbccccddddeeeeffff0000111122223333";
        gitlab.project(SOURCE).commit(sha, BASE_SHA, "app/models/project.rb", "db/migrate/20220202000000_add_column.rb");

        call().body(Map.of("package", "14.8.202202081020-aaaabbbbccc.4ce763dbce1")).post("/record-package")
                .then().statusCode(200)
                .body("postMigrations", empty())
                .body("note.status", equalTo("none"))
                .body("note.id", nullValue());
        assertThat(releaseNotes()).isEmpty();
    }

    @Test
    void dryRunAnswersWithoutWriting() {
        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200)
                .body("postMigrations.path", contains(PM_1, PM_2))
                .body("note.status", equalTo("dry-run"));
        assertThat(releaseNotes()).isEmpty();
        assertThat(gitlab.requests()).noneMatch(r -> r.startsWith("POST") || r.startsWith("DELETE"));
    }

    @Test
    void baselineIsTheLatestSuccessfulGstgCanaryDeploymentOfAnotherCommit() {
        String older = "0000000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        gitlab.project(SOURCE).commit(older, List.of("README.md"));
        gitlab.project(SOURCE).deploy("gstg-cny", older, "older");
        gitlab.project(SOURCE).deploy("gstg-cny", BASE_SHA, BASE_PACKAGE);
        gitlab.project(SOURCE).deploy("gprd-cny", older, "older");
        gitlab.project(SOURCE).deploy("gstg-cny", older, "older", "failed");
        gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);

        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200)
                .body("previousSha", equalTo(BASE_SHA))
                .body("postMigrations.path", contains(PM_1, PM_2));
    }

    @Test
    void previousMayBeGivenAsPackageOrSha() {
        call().body(Map.of("package", PACKAGE, "previous", BASE_PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("previousSha", equalTo("5a1b2c3d4e5"))
                .body("postMigrations.path", contains(PM_1, PM_2));
        call().body(Map.of("package", PACKAGE, "previous", BASE_SHA.substring(0, 12), "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("previousSha", equalTo(BASE_SHA.substring(0, 12)));
        assertThat(gitlab.requests()).noneMatch(r -> r.contains("/deployments"));
    }

    @Test
    void shaOverridesTheCommitOfTheVersion() {
        call().body(Map.of("package", PACKAGE, "sha", PACKAGE_SHA, "dryRun", true)).post("/record-package")
                .then().statusCode(200)
                .body("sha", equalTo(PACKAGE_SHA))
                .body("postMigrations.path", contains(PM_1, PM_2));
    }

    @Test
    void deletedAndEditedPostMigrationsAreNotIntroduced() {
        String sha = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
        gitlab.project(SOURCE).commitDeleting(sha, BASE_SHA,
                "db/post_migrate/20170828170502_post_deploy_migrate_user_external_mail_data.rb");

        call().body(Map.of("sha", sha, "release", "14.8")).post("/record-package")
                .then().statusCode(200).body("postMigrations", empty()).body("note.status", equalTo("none"));
    }

    @Test
    void fileRenamedIntoThePostMigrateFolderIsIntroduced() {
        String sha = "cccccccccccccccccccccccccccccccccccccccc";
        gitlab.project(SOURCE).commitRenaming(sha, BASE_SHA, "db/migrate/20220101000000_create_things.rb",
                "db/post_migrate/20220101000000_create_things.rb");

        call().body(Map.of("sha", sha, "release", "14.8", "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("postMigrations.path", contains("db/post_migrate/20220101000000_create_things.rb"));
    }

    @Test
    void geoPostMigrationsCount() {
        String sha = "dddddddddddddddddddddddddddddddddddddddd";
        gitlab.project(SOURCE).commit(sha, BASE_SHA, "ee/db/geo/post_migrate/20220203000000_geo_thing.rb");

        call().body(Map.of("sha", sha, "release", "14.8", "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("postMigrations.path", contains("ee/db/geo/post_migrate/20220203000000_geo_thing.rb"));
    }

    @Test
    void sendsProjectPathsEncodedAsOneSegmentAndTheToken() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);

        // The source, release and canonical (merge requests) projects, each path encoded as one segment.
        assertThat(gitlab.requests()).isNotEmpty().allMatch(r -> r.matches(
                "[A-Z]+ /api/v4/projects/gitlab-org%2F(security%2Fgitlab|release%2Ftasks|gitlab)([/?].*)?"));
        assertThat(gitlab.requests()).anyMatch(r -> r.startsWith("GET /api/v4/projects/gitlab-org%2Fsecurity%2Fgitlab/repository/compare?"));
        assertThat(gitlab.lastToken()).isEqualTo("test-gitlab-token");
    }
}
