package com.gitlab.release.tracker.notes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.GitLabWorld;
import com.gitlab.release.tracker.domain.notes.PackageNote;
import com.gitlab.release.tracker.domain.notes.PackageRecord;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The function believes only its own records: notes and issues whose author is the token's user. On GitLab.com any
 * signed-in user may comment on the release issue, copy the function's marker, or open an issue titled like it.
 */
@QuarkusTest
class TrustTest extends FunctionTest {

    private static final String OTHER_PACKAGE = "14.8.202202060920-0123456789a.4ce763dbce1";

    /** The note the function would write for {@code packageName} with both post-migrations: a perfect copy. */
    private static String copyOfNote(String packageName, String sha) {
        return PackageNote.render(new PackageRecord(packageName, sha, BASE_SHA, List.of(PM_1, PM_2), "14.8"),
                BASE_PACKAGE, "gstg-cny", null, Map.of());
    }

    private GitLabWorld.Issue releaseIssue() {
        return gitlab.project(RELEASES).issue(RELEASE_IID);
    }

    @Test
    void anotherUsersCopyOfThePackagesNoteIsNoRecord() {
        releaseIssue().noteBy(GitLabWorld.OTHER_USER, copyOfNote(PACKAGE, PACKAGE_SHA));
        long forged = releaseNotes().get(0).id();

        long written = call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"))
                .extract().jsonPath().getLong("note.id");

        assertThat(written).isNotEqualTo(forged);
        assertThat(releaseNotes()).extracting(GitLabWorld.Note::id).containsExactly(forged, written);
        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("exists")).body("note.id", equalTo((int) written));
    }

    @Test
    void anOlderCopyWrittenDuringTheCallNeitherWinsNorIsDeleted() {
        // The notes are read, then, before the function writes, another user posts a copy: it is older than the
        // function's note, and the exactly-one rule keeps the oldest of a thing's notes.
        gitlab.slowNext("GET", "/issues/" + RELEASE_IID + "/notes", 1, 1_500);
        var answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> call().body(Map.of("package", PACKAGE))
                .post("/record-package").then().statusCode(200).extract().jsonPath());
        await().atMost(Duration.ofSeconds(30)).until(() -> gitlab.requests().stream().anyMatch(r -> r.contains("/notes?")));
        releaseIssue().noteBy(GitLabWorld.OTHER_USER, copyOfNote(PACKAGE, PACKAGE_SHA));

        var written = answer.join();

        assertThat(written.getString("note.status")).isEqualTo("created");
        assertThat(releaseNotes()).hasSize(2);
        assertThat(releaseNotes()).filteredOn(note -> note.author().equals(GitLabWorld.BOT)).singleElement()
                .extracting(GitLabWorld.Note::id).isEqualTo(written.getLong("note.id"));
        assertThat(gitlab.requests()).noneMatch(r -> r.startsWith("DELETE"));
    }

    @Test
    void aCopyNamingAnotherPackageDoesNotMoveAPostMigration() {
        releaseIssue().noteBy(GitLabWorld.OTHER_USER, copyOfNote(OTHER_PACKAGE, "0123456789a"));
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);

        call().body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(200)
                .body("found.package", org.hamcrest.Matchers.contains(PACKAGE))
                .body("text", not(containsString(OTHER_PACKAGE)));
    }

    @Test
    void aSecondReleaseIssueOpenedByAnotherUserGetsNoNote() {
        gitlab.project(RELEASES).issue(RELEASE_IID + 1, "Release 14.8", "opened", GitLabWorld.OTHER_USER);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.url", containsString("/issues/" + RELEASE_IID + "#note_"));

        assertThat(gitlab.project(RELEASES).issue(RELEASE_IID + 1).notes()).isEmpty();
        assertThat(releaseNotes()).hasSize(1);
    }

    @Test
    void anIssueNamedByIidMustBeTheFunctionsOwn() {
        gitlab.project(RELEASES).issue(RELEASE_IID + 1, "Release 14.8", "opened", GitLabWorld.OTHER_USER);

        call().body(Map.of("package", PACKAGE, "issue", RELEASE_IID + 1)).post("/record-package")
                .then().statusCode(404).body("error", containsString("was opened by someone-else"));
        assertThat(gitlab.requests()).noneMatch(r -> r.startsWith("POST"));
    }

    @Test
    void imitationsAreCountedOnceEachAndReadinessSaysWhoseRecordsCount() {
        releaseIssue().noteBy(GitLabWorld.OTHER_USER, copyOfNote(OTHER_PACKAGE, "0123456789a"));
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        call().body(Map.of("migration", "20220201173212")).post("/which-package").then().statusCode(200);

        String metrics = call().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("tracker_untrusted_records_total\\{kind=\"package-note\"[^}]*} [1-9]");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks[0].data.trustedAuthors", equalTo("release-tools-bot (the token's user)"));
    }

    @Test
    void theTokensUserIsReadOncePerProcess() {
        trust.forget();
        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package").then().statusCode(200);
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        call().body(Map.of("migration", "20220201173212")).post("/which-package").then().statusCode(200);

        assertThat(gitlab.requests()).filteredOn(r -> r.equals("GET /api/v4/user")).hasSize(1);
        trust.authors(Invocation.start(Duration.ofSeconds(5))).await().indefinitely();
        assertThat(gitlab.requests()).filteredOn(r -> r.equals("GET /api/v4/user")).hasSize(1);
    }
}
