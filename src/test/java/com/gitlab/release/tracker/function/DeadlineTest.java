package com.gitlab.release.tracker.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.demo.FakeGitLab.FaultKind;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The overall deadline of an invocation ({@code TRACKER_DEADLINE}), here 2 s. */
@QuarkusTest
@TestProfile(DeadlineTest.ShortDeadline.class)
class DeadlineTest extends FunctionTest {

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.deadline", "2s", "tracker.webhook-budget", "1s");
        }
    }

    @Test
    void aSlowGitLabEndsIn503BeforeAnythingIsWritten() {
        gitlab.failNext("GET", "/repository/", 100, FaultKind.SLOW);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(503).body("error", containsString("ran past its 2 s deadline"));
        assertThat(gitlab.requests()).noneMatch(r -> r.startsWith("POST") || r.startsWith("DELETE"));
    }
}
