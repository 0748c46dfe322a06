package com.gitlab.release.tracker.gitlab;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.demo.FakeGitLab;
import com.gitlab.release.tracker.fake.FakeGitLabResource;
import com.gitlab.release.tracker.fake.InjectFakeGitLab;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code TRACKER_GITLAB_WARM_UP} on (the default outside tests): right after start the function reads its source
 * project once, through the path every call takes; a GitLab that does not know the project only makes it log so,
 * and the function answers as usual.
 */
@QuarkusTest
@WithTestResource(FakeGitLabResource.class)
@TestProfile(WarmUpReadTest.WarmUpOn.class)
class WarmUpReadTest {

    public static class WarmUpOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.gitlab.warm-up", "true", "tracker.source-project", "gitlab-org/warm-up-check");
        }
    }

    @InjectFakeGitLab
    FakeGitLab gitlab;

    @Test
    void readsTheSourceProjectOnceAfterStart() {
        String read = "GET /api/v4/projects/gitlab-org%2Fwarm-up-check";
        await().atMost(Duration.ofSeconds(30)).until(() -> gitlab.requests().contains(read));
        // The fake has no such project (404, logged): the function is up all the same.
        given().get("/q/health/ready").then().statusCode(200);
        org.assertj.core.api.Assertions.assertThat(gitlab.requests().stream().filter(read::equals)).hasSize(1);
    }
}
