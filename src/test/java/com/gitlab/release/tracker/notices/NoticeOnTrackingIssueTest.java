package com.gitlab.release.tracker.notices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.DemoHistory;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With a tracking issue ({@code TRACKER_TRACKING_ISSUE}) the notice of a run is written there too, and a run that
 * fails gets its line on both copies.
 */
@QuarkusTest
@TestProfile(NoticeOnTrackingIssueTest.WithTrackingIssue.class)
class NoticeOnTrackingIssueTest extends FunctionTest {
    private static final long TRACKING_IID = 5000;

    public static class WithTrackingIssue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.tracking-issue", DemoHistory.RELEASES + "#" + TRACKING_IID);
        }
    }

    private static Map<String, Object> event(String status, long deploymentId) {
        return Map.of("object_kind", "deployment", "status", status, "deployment_id", deploymentId, "environment", "db/gprd",
                "project", Map.of("path_with_namespace", DemoHistory.SOURCE), "ref", DemoHistory.PACKAGE_2,
                "status_changed_at", "2022-02-09 06:10:00 UTC");
    }

    private static io.restassured.response.ValidatableResponse hook(Map<String, Object> event) {
        return given().header("Authorization", "Bearer " + SECRET).header("X-Gitlab-Event", "Deployment Hook")
                .contentType(ContentType.JSON).body(event).post("/deployment-event").then();
    }

    private List<String> noticesOn(long iid) {
        return gitlab.project(DemoHistory.RELEASES).issue(iid).notes().stream().map(GitLabWorld.Note::body)
                .filter(body -> body.contains("\"type\":\"notice\"")).toList();
    }

    /** The demo history with a tracking issue, and a run on db/gprd that has started. */
    private long runStarted() {
        gitlab.reset();
        DemoHistory.seed(gitlab);
        gitlab.project(DemoHistory.RELEASES).issue(TRACKING_IID, "Post-deployment migrations tracking");
        return gitlab.project(DemoHistory.SOURCE).deployAt("db/gprd", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "running",
                Instant.parse("2022-02-09T06:00:00Z"));
    }

    @Test
    void aFailedRunGetsItsLineOnTheReleaseIssueAndOnTheTrackingIssue() {
        long run = runStarted();

        hook(event("running", run)).statusCode(200).body("notice.note.status", equalTo("created"))
                .body("notice.trackingNote.status", equalTo("created"));
        gitlab.project(DemoHistory.SOURCE).finish(run, "failed", Instant.parse("2022-02-09T06:10:00Z"));
        hook(event("failed", run)).statusCode(200).body("notice.ended", equalTo("failed"))
                .body("notice.note.url", containsString("/-/issues/" + DemoHistory.RELEASE_IID + "#note_"))
                .body("notice.trackingNote.url", containsString("/-/issues/" + TRACKING_IID + "#note_"));
        hook(event("failed", run)).statusCode(200).body("notice.ended", equalTo("failed"));

        for (long iid : new long[] {DemoHistory.RELEASE_IID, TRACKING_IID}) {
            assertThat(noticesOn(iid)).as("issue %d", iid).singleElement().asString()
                    .containsOnlyOnce("**This run ended without success:** `failed` at `2022-02-09 06:10:00 UTC`");
        }
    }

    @Test
    void aTrackingIssueGitLabFailsOnDoesNotStopTheLineOnTheReleaseIssue() {
        long run = runStarted();
        hook(event("running", run)).statusCode(200).body("notice.trackingNote.status", equalTo("created"));
        gitlab.project(DemoHistory.SOURCE).finish(run, "failed", Instant.parse("2022-02-09T06:10:00Z"));

        // GitLab refuses every edit of the tracking issue's notes: the release issue's notice gets its line all the same.
        gitlab.failNext("PUT", "/issues/" + TRACKING_IID + "/notes/", 50, com.gitlab.release.tracker.demo.FaultKind.SERVER_ERROR);
        hook(event("failed", run)).statusCode(200).body("notice.ended", equalTo("failed"))
                .body("notice.note.url", containsString("/-/issues/" + DemoHistory.RELEASE_IID + "#note_"));
        assertThat(noticesOn(DemoHistory.RELEASE_IID)).singleElement().asString().contains("**This run ended without success:**");
        assertThat(noticesOn(TRACKING_IID)).singleElement().asString().doesNotContain("ended without success");

        // Then it fails to list them: the tracking copy is left out, the release issue's line stays once.
        gitlab.failNext("GET", "/issues/" + TRACKING_IID + "/notes", 50, com.gitlab.release.tracker.demo.FaultKind.SERVER_ERROR);
        hook(event("failed", run)).statusCode(200).body("notice.ended", equalTo("failed"))
                .body("notice.note.status", equalTo("exists"));
        assertThat(noticesOn(DemoHistory.RELEASE_IID)).singleElement().asString().containsOnlyOnce("**This run ended without success:**");
    }
}
