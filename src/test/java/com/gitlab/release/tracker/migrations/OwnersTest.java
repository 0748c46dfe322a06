package com.gitlab.release.tracker.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.DemoHistory;
import com.gitlab.release.tracker.demo.FaultKind;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * Who brought each post-migration: the merge request whose merge added its file, over the demo history (one MR named
 * by its merge commit, one found by asking the canonical project, one file changed later by another MR).
 */
@QuarkusTest
class OwnersTest extends FunctionTest {

    @BeforeEach
    void demoHistory() {
        gitlab.reset();
        DemoHistory.seed(gitlab);
    }

    private List<GitLabWorld.Note> demoNotes() {
        return gitlab.project(DemoHistory.RELEASES).issue(DemoHistory.RELEASE_IID).notes();
    }

    @Test
    void eachPostMigrationNamesTheMergeRequestThatAddedIt() {
        call().body(Map.of("package", DemoHistory.PACKAGE_1, "previous", DemoHistory.PACKAGE_0, "dryRun", true))
                .post("/record-package").then().statusCode(200)
                // Named by its merge commit.
                .body("postMigrations[0].path", equalTo(DemoHistory.FINALIZE_CI))
                .body("postMigrations[0].mergeRequest.iid", equalTo((int) DemoHistory.MR_FINALIZE))
                .body("postMigrations[0].mergeRequest.author", equalTo("ahmed.dev"))
                .body("postMigrations[0].mergeRequest.group", equalTo("group::pipeline execution"))
                .body("postMigrations[0].mergeRequest.milestone", equalTo("14.8"))
                .body("postMigrations[0].mergeRequest.url", equalTo("https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/80111"))
                // A squashed commit: the canonical project knows its MR.
                .body("postMigrations[1].mergeRequest.iid", equalTo((int) DemoHistory.MR_INDEX))
                .body("postMigrations[1].mergeRequest.group", equalTo("group::authentication"));
    }

    @Test
    void aLaterMergeRequestThatChangedTheFileIsNotItsOwner() {
        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200)
                .body("note.status", equalTo("created"))
                .body("postMigrations[0].mergeRequest.iid", equalTo((int) DemoHistory.MR_QUEUE))
                .body("postMigrations[0].mergeRequest.author", equalTo("lee.w"));

        String note = demoNotes().get(demoNotes().size() - 1).body();
        assertThat(note).contains("from [!" + DemoHistory.MR_QUEUE + "](https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/80333)"
                + " by `lee.w`, `group::tenant scale`").doesNotContain("@lee.w", "!" + DemoHistory.MR_LATER);
    }

    @Test
    void aNotedPackageAsksGitLabNothingAboutOwnersAndStillAnswersThem() {
        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200);
        int before = gitlab.requests().size();

        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200)
                .body("note.status", equalTo("exists"))
                .body("postMigrations[0].mergeRequest.iid", equalTo((int) DemoHistory.MR_QUEUE));

        assertThat(gitlab.requests().subList(before, gitlab.requests().size()))
                .noneMatch(OwnersTest::asksAboutOwners);
    }

    @Test
    void aNewNoteOnALongIssueLooksUpItsOwnersWhileTheIssuesLaterPagesAreRead() {
        GitLabWorld.Issue issue = gitlab.project(DemoHistory.RELEASES).issue(DemoHistory.RELEASE_IID);
        for (int i = 0; i < 150; i++) {
            issue.noteBy(GitLabWorld.OTHER_USER, "Comment " + i + " from a release manager");
        }
        // The release issue's second page of notes stays in flight until the owners are asked for.
        ExtractableResponse<Response> recorded = heldUntil("GET", "/notes?sort=asc&order_by=created_at&per_page=100&page=2",
                () -> call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().extract(),
                () -> assertThat(gitlab.requests()).anyMatch(OwnersTest::asksAboutOwners));

        assertThat(recorded.statusCode()).isEqualTo(200);
        assertThat(recorded.path("note.status").toString()).isEqualTo("created");
        assertThat((Integer) recorded.path("postMigrations[0].mergeRequest.iid")).isEqualTo((int) DemoHistory.MR_QUEUE);
    }

    @Test
    void aNotedPackageOnALongIssueStillAnswersItsOwnersFromItsNote() {
        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200);
        GitLabWorld.Issue issue = gitlab.project(DemoHistory.RELEASES).issue(DemoHistory.RELEASE_IID);
        for (int i = 0; i < 150; i++) {
            issue.noteBy(GitLabWorld.OTHER_USER, "Comment " + i + " from a release manager");
        }
        // The owner's merge request is gone from GitLab's answers: only the note still names it.
        gitlab.failNext("GET", "merge_requests", 100, FaultKind.SERVER_ERROR);

        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200)
                .body("note.status", equalTo("exists"))
                .body("postMigrations[0].mergeRequest.iid", equalTo((int) DemoHistory.MR_QUEUE))
                .body("postMigrations[0].mergeRequest.author", equalTo("lee.w"));
        assertThat(demoNotes()).filteredOn(note -> note.body().contains(DemoHistory.PACKAGE_2)).hasSize(1);
    }

    private static boolean asksAboutOwners(String request) {
        return request.contains("/repository/commits?") || request.contains("merge_requests");
    }

    @Test
    void theQueriesAndChatNameTheOwnerFromTheNotes() {
        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200);

        call().body(Map.of("environment", "gprd")).post("/pending-post-migrations").then().statusCode(200)
                .body("pending[0].mergeRequest.iid", equalTo((int) DemoHistory.MR_QUEUE))
                .body("text", containsString("!80333 by lee.w (group::tenant scale)"));
        call().body(Map.of("migration", "20220207100000")).post("/which-package").then().statusCode(200)
                .body("found[0].mergeRequest.author", equalTo("lee.w"))
                .body("text", containsString("from !80333 by lee.w (group::tenant scale)"));
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + SECRET).contentType("text/plain")
                .body("pending gprd").post("/chatops").then().statusCode(200).body(containsString("!80333 lee.w (group::tenant scale)"));
    }

    @Test
    void noMergeRequestFoundListsThePostMigrationWithoutOne() {
        // The squash's message names no MR, and GitLab keeps failing to say which MRs hold it.
        gitlab.failNext("GET", "/repository/commits/" + DemoHistory.SQUASH_INDEX + "/merge_requests", 10, FaultKind.SERVER_ERROR);

        call().body(Map.of("package", DemoHistory.PACKAGE_1, "previous", DemoHistory.PACKAGE_0, "dryRun", true))
                .post("/record-package").then().statusCode(200)
                .body("postMigrations[0].mergeRequest.iid", equalTo((int) DemoHistory.MR_FINALIZE))
                .body("postMigrations[1].path", equalTo(DemoHistory.INDEX))
                .body("postMigrations[1].mergeRequest", nullValue());
    }

    @Test
    void anUnknownCanonicalProjectMeansNoMergeRequestNotAnError() {
        // FunctionTest's world: no gitlab-org/gitlab project (404), and commit messages name no MR.
        gitlab.reset();
        standardWorld();

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200)
                .body("note.status", equalTo("created"))
                .body("postMigrations[0].mergeRequest", nullValue())
                .body("postMigrations[1].mergeRequest", nullValue());
        assertThat(gitlab.requests()).anyMatch(r -> r.contains("/projects/gitlab-org%2Fgitlab/repository/commits/"));
    }

    @Test
    void aLongHistoryIsPagedToTheCommitThatAddedTheFile() {
        GitLabWorld.Project source = gitlab.project(DemoHistory.SOURCE);
        String parent = DemoHistory.SHA_2;
        for (int i = 0; i < 150; i++) {
            String sha = String.format("e%09d", i) + "f".repeat(30);
            source.commitChanging(sha, parent, DemoHistory.QUEUE).message(sha, "See merge request gitlab-org/gitlab!" + (90000 + i));
            parent = sha;
        }
        String head = parent;

        call().body(Map.of("sha", head, "previous", DemoHistory.SHA_1, "release", "14.8", "dryRun", true))
                .post("/record-package").then().statusCode(200)
                .body("postMigrations[0].mergeRequest.iid", equalTo((int) DemoHistory.MR_QUEUE));
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("/repository/commits?") && r.contains("20220207100000"))
                .as("152 commits: two pages of 100").hasSize(2);
    }
}
