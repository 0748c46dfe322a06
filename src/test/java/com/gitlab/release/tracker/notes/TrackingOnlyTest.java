package com.gitlab.release.tracker.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A tracking issue instead of the monthly issues ({@code TRACKER_TRACKING_ONLY=true}). */
@QuarkusTest
@TestProfile(TrackingOnlyTest.TrackingOnly.class)
class TrackingOnlyTest extends FunctionTest {

    public static class TrackingOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.tracking-issue", RELEASES + "#5000", "tracker.tracking-only", "true");
        }
    }

    @Test
    void writesOnlyOnTheTrackingIssue() {
        gitlab.project(RELEASES).issue(5000, "Post-deployment migrations tracking");

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200)
                .body("note.status", equalTo("created"))
                .body("note.url", containsString("/-/issues/5000#note_"));

        assertThat(releaseNotes()).isEmpty();
        assertThat(gitlab.project(RELEASES).issue(5000).notes()).hasSize(1);
    }

    @Test
    void aMissingTrackingIssueIs404() {
        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(404).body("error", containsString("tracking issue " + RELEASES + "#5000"));
    }
}
