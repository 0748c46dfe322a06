package com.gitlab.release.tracker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A GitLab URL that carries {@code user:password@} is never shown: not by the open readiness probe, not in the log,
 * not when the setting is refused.
 */
class CredentialsNotShownIT {

    private static final String PASSWORD = "s3cret-pass";

    @Test
    void theOpenProbeAndTheLogNeverShowAPasswordInTheGitLabUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("credentials", ".log");
        Process function = start(log, port, "https://release-bot:" + PASSWORD + "@gitlab.example.com/");
        try {
            String base = "http://localhost:" + port;
            Awaitility.await().atMost(Duration.ofMinutes(1)).ignoreExceptions()
                    .until(() -> given().baseUri(base).get("/q/health/ready").statusCode() == 200);
            String ready = given().baseUri(base).get("/q/health/ready").asString();
            assertThat(ready).contains("https://gitlab.example.com/").doesNotContain(PASSWORD).doesNotContain("release-bot");
        } finally {
            function.destroy();
            function.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain(PASSWORD);

        Path refused = Files.createTempFile("credentials-refused", ".log");
        Process bad = start(refused, 0, "ftp://release-bot:" + PASSWORD + "@gitlab.example.com/");
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(refused, StandardCharsets.UTF_8);
        assertThat(output).contains("TRACKER_GITLAB_URL must be an http(s) URL").doesNotContain(PASSWORD);
    }

    private static Process start(Path log, int port, String gitlabUrl) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("TRACKER_GITLAB_URL", gitlabUrl);
        builder.environment().put("TRACKER_GITLAB_TOKEN", "a-token");
        builder.environment().put("TRACKER_AUTH_TOKEN", "a-function-secret");
        builder.environment().put("TRACKER_GITLAB_WARM_UP", "false");
        return builder.start();
    }
}
