package com.gitlab.release.tracker.notes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.GitLabWorld;
import com.gitlab.release.tracker.domain.notes.PackageNote;
import com.gitlab.release.tracker.domain.notes.PackageRecord;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code TRACKER_TRUSTED_AUTHORS} (here the other user, as the bot that wrote notes before a token change) and
 * {@code TRACKER_NOTE_PAGES} (here 2 pages of 100 notes).
 */
@QuarkusTest
@TestProfile(TrustedAuthorsTest.EarlierBotAndFewPages.class)
class TrustedAuthorsTest extends FunctionTest {

    public static class EarlierBotAndFewPages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.trusted-authors", "@Someone-Else", "tracker.note.pages", "2");
        }
    }

    private static String noteOf(String packageName, String sha) {
        return PackageNote.render(new PackageRecord(packageName, sha, BASE_SHA, List.of(PM_1, PM_2), "14.8"), BASE_PACKAGE,
                "gstg-cny", null, Map.of());
    }

    private GitLabWorld.Issue releaseIssue() {
        return gitlab.project(RELEASES).issue(RELEASE_IID);
    }

    @Test
    void aTrustedAuthorsNoteIsTheFunctionsRecord() {
        releaseIssue().noteBy(GitLabWorld.OTHER_USER, noteOf(PACKAGE, PACKAGE_SHA));
        long earlier = releaseNotes().get(0).id();

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("exists")).body("note.id", equalTo((int) earlier));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks[0].data.trustedAuthors", equalTo("release-tools-bot (the token's user), someone-else"));
    }

    @Test
    void aDuplicateByAnotherTrustedAuthorIsNeverDeleted() {
        releaseIssue().note(noteOf(PACKAGE, PACKAGE_SHA)).noteBy(GitLabWorld.OTHER_USER, noteOf(PACKAGE, PACKAGE_SHA));

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("exists"))
                .body("note.id", equalTo((int) releaseNotes().get(0).id())).body("note.duplicates", equalTo(1));
        assertThat(releaseNotes()).hasSize(2);
        assertThat(gitlab.requests()).noneMatch(r -> r.startsWith("DELETE"));
    }

    @Test
    void notesBeyondTheBoundAreNotReadAndTheAnswersSaySo() {
        releaseIssue().note(noteOf(PACKAGE, PACKAGE_SHA));
        chatter(releaseIssue(), 250);

        call().body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(200).body("found.package", contains(PACKAGE))
                .body("unread", contains("gitlab-org/release/tasks#" + RELEASE_IID + ": notes of the first 2 of 3 pages read (TRACKER_NOTE_PAGES)"))
                .body("text", containsString("Not every note was read"));
        assertThat(gitlab.requests()).noneMatch(r -> r.contains("/notes?") && r.contains("page=3"));
    }

    @Test
    void noNoteIsWrittenOnAnIssueWhoseNotesWereNotAllRead() {
        chatter(releaseIssue(), 250);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(409).body("error", containsString("TRACKER_NOTE_PAGES"));
        assertThat(gitlab.requests()).noneMatch(r -> r.startsWith("POST"));
    }
}
