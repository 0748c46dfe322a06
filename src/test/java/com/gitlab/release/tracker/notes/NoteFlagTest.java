package com.gitlab.release.tracker.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The {@code post_deploy_migrations_note} flag off ({@code TRACKER_NOTE_ENABLED=false}). */
@QuarkusTest
@TestProfile(NoteFlagTest.NoteDisabled.class)
class NoteFlagTest extends FunctionTest {

    public static class NoteDisabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.note.enabled", "false");
        }
    }

    @Test
    void flagOffComputesAndAnswersButWritesNothing() {
        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200)
                .body("postMigrations.path", contains(PM_1, PM_2))
                .body("note.status", equalTo("disabled"));

        assertThat(releaseNotes()).isEmpty();
        assertThat(gitlab.requests()).allMatch(r -> r.startsWith("GET"));
    }
}
