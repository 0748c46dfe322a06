package com.gitlab.release.tracker.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.FaultKind;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The overall deadline of an invocation ({@code TRACKER_DEADLINE}), here 2 s, with a 5 s read timeout. */
@QuarkusTest
@TestProfile(DeadlineTest.ShortDeadline.class)
public class DeadlineTest extends FunctionTest {

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A read timeout longer than the deadline, as in production (20 s read timeout, 50 s deadline, large
            // compares that never come).
            return Map.of("tracker.deadline", "2s", "tracker.webhook-budget", "1s",
                    "quarkus.rest-client.gitlab.read-timeout", "5000");
        }
    }

    @Test
    void aSlowGitLabEndsIn503BeforeAnythingIsWritten() {
        gitlab.failNext("GET", "/repository/", 100, FaultKind.SLOW);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(503).body("error", containsString("ran past its 2 s deadline"));
        assertThat(gitlab.requests()).noneMatch(r -> r.startsWith("POST") || r.startsWith("DELETE"));
    }

    @Test
    void aCompareThatNeverAnswersInTimeStillLeavesTimeForTheTree() {
        // The compare stays in flight until the answer has come: it is answered from the tree, within the deadline.
        whileHeld("GET", "/repository/compare", () -> call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package"))
                .then().statusCode(200).body("postMigrations.path", contains(PM_1, PM_2));
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("/repository/compare")).hasSize(1);
        assertThat(gitlab.requests()).anyMatch(r -> r.contains("/repository/tree"));
    }
}
