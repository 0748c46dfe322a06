package com.gitlab.release.tracker.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The README's dev-mode example against the demo GitLab that dev mode starts (src/demo-gitlab). */
@QuarkusTest
@TestProfile(DemoGitLabTest.DemoGitLab.class)
class DemoGitLabTest {

    public static class DemoGitLab implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DemoServer.class));
        }
    }

    public static class DemoServer implements QuarkusTestResourceLifecycleManager {
        private WireMockServer server;

        @Override
        public Map<String, String> start() {
            server = new WireMockServer(options().dynamicPort().usingFilesUnderDirectory("src/demo-gitlab"));
            server.start();
            return Map.of("tracker.gitlab.url", server.baseUrl());
        }

        @Override
        public void stop() {
            server.stop();
        }
    }

    @Test
    void theReadmeExampleAnswersCreatedThenExists() {
        Map<String, String> body = Map.of("package", "14.8.202202080920-97d6e07c2a1.4ce763dbce1");
        given().header("Authorization", "Bearer " + FunctionTest.SECRET).contentType(ContentType.JSON).body(body)
                .post("/record-package")
                .then().statusCode(200)
                .body("postMigrations", contains(
                        "db/post_migrate/20220201141705_cleanup_background_migration_populate_test_reports_issue_id.rb",
                        "db/post_migrate/20220201173212_add_user_details_provisioning_index.rb"))
                .body("note.status", equalTo("created"));
        given().header("Authorization", "Bearer " + FunctionTest.SECRET).contentType(ContentType.JSON).body(body)
                .post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("exists")).body("note.id", equalTo(501));
        given().header("Authorization", "Bearer " + FunctionTest.SECRET).contentType(ContentType.JSON)
                .body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(200).body("found[0].noteUrl", equalTo("http://localhost/gitlab-org/release/tasks/-/issues/1#note_501"));
    }
}
