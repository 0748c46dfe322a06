package com.gitlab.release.tracker.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Option C: a dedicated tracking issue ({@code TRACKER_TRACKING_ISSUE}) besides the monthly issues. */
@QuarkusTest
@TestProfile(TrackingIssueTest.WithTrackingIssue.class)
class TrackingIssueTest extends FunctionTest {

    static final long TRACKING_IID = 5000;

    public static class WithTrackingIssue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.tracking-issue", RELEASES + "#" + TRACKING_IID);
        }
    }

    @BeforeEach
    void trackingIssue() {
        gitlab.project(RELEASES).issue(TRACKING_IID, "Post-deployment migrations tracking");
    }

    @Test
    void recordsOnTheMonthlyIssueAndTheTrackingIssue() {
        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200)
                .body("note.status", equalTo("created"))
                .body("note.url", containsString("/-/issues/" + RELEASE_IID + "#note_"))
                .body("trackingNote.status", equalTo("created"))
                .body("trackingNote.url", containsString("/-/issues/" + TRACKING_IID + "#note_"));
        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200)
                .body("note.status", equalTo("exists"))
                .body("trackingNote.status", equalTo("exists"));

        assertThat(releaseNotes()).hasSize(1);
        assertThat(gitlab.project(RELEASES).issue(TRACKING_IID).notes()).hasSize(1);
    }

    @Test
    void queriesReadTheTrackingIssueToo() {
        call().body(Map.of("sha", PACKAGE_SHA, "release", "14.8", "issue", TRACKING_IID)).post("/record-package")
                .then().statusCode(200);
        assertThat(releaseNotes()).isEmpty();

        call().body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(200)
                .body("found[0].package", equalTo(PACKAGE_SHA))
                .body("found[0].noteUrl", containsString("/-/issues/" + TRACKING_IID + "#note_"));
        call().body(Map.of("release", "14.8")).post("/release-post-migrations")
                .then().statusCode(200)
                .body("packages.package", contains(PACKAGE_SHA))
                .body("postMigrations.path", contains(PM_1, PM_2));
    }
}
