package com.gitlab.release.tracker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.demo.FakeGitLab;
import com.gitlab.release.tracker.fake.FakeGitLabResource;
import com.gitlab.release.tracker.fake.InjectFakeGitLab;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The packaged function (the JVM jar here; the native binary with -Dnative) in its prod profile, against the fake
 * GitLab: configuration comes only from the environment the test resource sets.
 */
@QuarkusIntegrationTest
@WithTestResource(FakeGitLabResource.class)
class PackagedFunctionIT {

    @InjectFakeGitLab
    FakeGitLab gitlab;

    @Test
    void recordsAPackageOnceAndReportsReady() {
        gitlab.reset();
        String base = "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
        String sha = "97d6e07c2a1b2c3d4e5f60718293a4b5c6d7e8f9";
        String pm = "db/post_migrate/20220201173212_add_user_details_provisioning_index.rb";
        gitlab.project("gitlab-org/security/gitlab").commit(base, List.of("README.md")).commit(sha, base, pm);
        gitlab.project("gitlab-org/security/gitlab").deploy("gstg-cny", base, "base");
        gitlab.project("gitlab-org/release/tasks").issue(1, "Release 14.8");
        Map<String, String> body = Map.of("package", "14.8.202202080920-97d6e07c2a1.4ce763dbce1");

        given().header("Authorization", "Bearer test-function-secret").contentType(ContentType.JSON).body(body).post("/record-package")
                .then().statusCode(200).body("postMigrations.path", contains(pm)).body("note.status", equalTo("created"));
        given().header("Authorization", "Bearer test-function-secret").contentType(ContentType.JSON).body(body).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("exists"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].data.callers", equalTo("function secret required"));
        given().contentType(ContentType.JSON).body(body).post("/record-package").then().statusCode(401);
    }

    @Test
    void logsOneJsonLinePerInvocationInProd() throws Exception {
        gitlab.reset();
        given().header("Authorization", "Bearer test-function-secret").contentType(ContentType.JSON).body(Map.of("package", "nonsense")).post("/record-package")
                .then().statusCode(400);

        // The packaged function's console output, which @QuarkusIntegrationTest keeps in target/quarkus.log.
        List<String> lines = Files.readAllLines(Path.of("target/quarkus.log"));
        ObjectMapper json = new ObjectMapper();
        assertThat(lines)
                .filteredOn(l -> l.contains("com.gitlab.release.tracker.invocation") && l.contains("error 400"))
                .singleElement()
                .satisfies(line -> {
                    var node = json.readTree(line);
                    assertThat(node.at("/mdc/function").asText()).isEqualTo("record-package");
                    assertThat(node.at("/mdc/gitlabRequests").asText()).isEqualTo("0");
                });
    }

    @Test
    void thePackagedJarHoldsNoFakeGitLabAndNoTestClasses() throws Exception {
        List<String> entries = new java.util.ArrayList<>();
        try (var jars = Files.list(Path.of("target/quarkus-app/app"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                    // Files only: an empty folder entry carries nothing.
                    zip.stream().filter(entry -> !entry.isDirectory()).map(java.util.zip.ZipEntry::getName).forEach(entries::add);
                }
            }
        }
        assertThat(entries).as("the function's own classes").contains("com/gitlab/release/tracker/gitlab/GitLab.class");
        assertThat(entries).as("no fake GitLab, demo or test class in the product")
                .noneMatch(name -> name.startsWith("com/gitlab/release/tracker/demo/") || name.startsWith("com/gitlab/release/tracker/fake/")
                        || name.startsWith("com/gitlab/release/tracker/bench/") || name.endsWith("Test.class") || name.endsWith("IT.class"));
    }
}
