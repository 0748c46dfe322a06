package com.gitlab.release.tracker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.gitlab.release.tracker.demo.FakeGitLab;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.restassured.http.ContentType;

/**
 * The memory budget (docs/deployment.md): the packaged jar in a 192 MB heap (75 % of the manifests' 256 Mi, as the
 * JVM image sizes it) while another user has flooded the release issue with 120 comments of about 999,000
 * characters each: every call answers, and no OutOfMemoryError reaches the log. Prints the process's peak resident
 * memory, the figure the manifests' limits rest on.
 */
class MemoryBudgetIT {

    private static final String SOURCE = "gitlab-org/security/gitlab";
    private static final String BASE = "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    private static final String SHA = "97d6e07c2a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String PACKAGE = "14.8.202202080920-97d6e07c2a1.4ce763dbce1";
    private static final String PM = "db/post_migrate/20220201173212_add_user_details_provisioning_index.rb";

    private WireMockServer server;
    private Process function;

    @AfterEach
    void stop() {
        if (function != null) {
            function.destroyForcibly();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void everyCallAnswersInA192MegabyteHeapUnderAFloodOfHugeComments() throws Exception {
        FakeGitLab gitlab = new FakeGitLab();
        server = gitlab.serve(0);
        gitlab.project(SOURCE).commit(BASE, List.of("README.md")).commit(SHA, BASE, PM);
        gitlab.project(SOURCE).deploy("gstg-cny", BASE, "base");
        GitLabWorld.Issue issue = gitlab.project("gitlab-org/release/tasks").issue(1, "Release 14.8");
        String huge = "<!-- post-migration-tracker {\"v\":1,\"package\":\"" + PACKAGE + "\"} -->\n" + "x".repeat(999_000);
        for (int i = 0; i < 120; i++) {
            issue.noteBy(GitLabWorld.OTHER_USER, huge);
        }

        int port = freePort();
        Path log = Files.createTempFile("memory-budget", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The JVM image's options (src/main/docker/Dockerfile.jvm), its heap at 75 % of 256 Mi.
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.05",
                "-XX:+ExitOnOutOfMemoryError", "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("TRACKER_GITLAB_URL", server.baseUrl());
        builder.environment().put("TRACKER_GITLAB_TOKEN", "test-gitlab-token");
        builder.environment().put("TRACKER_AUTH_TOKEN", "test-function-secret");
        function = builder.start();
        String base = "http://localhost:" + port;
        Awaitility.await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
                .until(() -> given().baseUri(base).get("/q/health/ready").statusCode() == 200);

        call(base, "/record-package", Map.of("package", PACKAGE), 200);
        call(base, "/record-package", Map.of("package", PACKAGE), 200);
        call(base, "/which-package", Map.of("migration", "20220201173212"), 200);
        call(base, "/release-post-migrations", Map.of("release", "14.8"), 200);

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(function.isAlive()).isTrue();
        assertThat(issue.notes()).filteredOn(note -> note.author().equals(GitLabWorld.BOT)).hasSize(1);
        System.out.println("memory: the packaged jar at -Xmx192m under 120 comments of 999,000 characters: every call 200,"
                + " peak resident " + peakResidentMiB(function.pid()) + " MiB");
    }

    private static void call(String base, String route, Map<String, String> body, int status) {
        given().baseUri(base).header("Authorization", "Bearer test-function-secret").contentType(ContentType.JSON).body(body)
                .post(route).then().statusCode(status);
    }

    /** VmHWM from /proc: the most the process has held resident; -1 where there is no /proc. */
    private static long peakResidentMiB(long pid) throws IOException {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        if (!Files.exists(status)) {
            return -1;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
