package com.gitlab.release.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged function (prod profile) refuses to start with a bad setting: the process exits with a message
 * naming the variable, instead of starting and answering 500 to every call. Prints one figure line.
 */
class BadSettingsIT {

    private record Setting(String variable, String value, String expected) {
    }

    private static final List<Setting> BAD = List.of(
            new Setting("TRACKER_RELEASE_TITLE", "nope", "TRACKER_RELEASE_TITLE must contain %s exactly once"),
            new Setting("TRACKER_TRACKING_ISSUE", "gitlab-org/release/tasks", "TRACKER_TRACKING_ISSUE must be group/project#IID"),
            new Setting("TRACKER_GITLAB_URL", "gitlab.com", "TRACKER_GITLAB_URL must be an http(s) URL"),
            new Setting("TRACKER_DEADLINE", "0s", "TRACKER_DEADLINE must be a positive duration"),
            new Setting("TRACKER_BACKFILL_CONCURRENCY", "0", "TRACKER_BACKFILL_CONCURRENCY must be 1 or more"),
            new Setting("TRACKER_EXECUTION_ENVIRONMENTS", "gprd", "TRACKER_EXECUTION_ENVIRONMENTS must name database environments"),
            // Secure by default: no function secret, and nothing says only trusted callers reach the function.
            new Setting("TRACKER_AUTH_TOKEN", "", "TRACKER_AUTH_TOKEN is not set"));

    @Test
    void eachBadSettingStopsTheProcessWithAMessageNamingIt() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        List<String> refused = new ArrayList<>();
        for (Setting setting : BAD) {
            Path log = Files.createTempFile("bad-setting", ".log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("QUARKUS_HTTP_PORT", "0");
            builder.environment().put("TRACKER_GITLAB_TOKEN", "a-token");
            builder.environment().put("TRACKER_AUTH_TOKEN", "a-function-secret");
            builder.environment().put(setting.variable(), setting.value());
            Process process = builder.start();
            boolean exited = process.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String output = read(log);
            assertThat(exited).as(setting + " should stop the process; output: " + output).isTrue();
            assertThat(process.exitValue()).as(setting.toString()).isNotZero();
            assertThat(output).as(setting.toString()).contains(setting.expected());
            refused.add(setting.variable());
        }
        System.out.println("reliability: bad settings refused at start " + refused.size() + "/" + BAD.size() + " " + refused);
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
