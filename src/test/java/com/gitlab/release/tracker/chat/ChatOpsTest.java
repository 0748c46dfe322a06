package com.gitlab.release.tracker.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.gitlab.release.tracker.FunctionTest;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;

/**
 * GitLab ChatOps: {@code POST /chatops} takes the command text and answers the reply text; the job template in
 * deploy/gitlab-ci/chatops.gitlab-ci.yml is run as a ChatOps job would run it, against the running function.
 */
@QuarkusTest
class ChatOpsTest extends FunctionTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private void recordPackage() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
    }

    @Test
    void theChatOpsRouteAnswersTheReplyText() {
        recordPackage();

        given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("which 20220201173212")
                .post("/chatops").then().statusCode(200).contentType(containsString("text/plain"))
                .body(startsWith("20220201173212_add_user_details_provisioning_index.rb: not yet run on db/gstg, not yet run on db/gprd\n"
                        + "came with 02-08 09:20 97d6e07c2a1 (14.8)"))
                .body(containsString("\ndetails: package note https://gitlab.example.com/"));
        given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("")
                .post("/chatops").then().statusCode(200).body(containsString("which MIGRATION"))
                // ChatOps posts every reply to the channel: Slack's --public means nothing there.
                .body(org.hamcrest.Matchers.not(containsString("--public")));
        // Not understood: the help, as a failure, so that the job fails.
        given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("can we deploy gprd?")
                .post("/chatops").then().statusCode(400).body(startsWith("Sorry, that is no command I know"))
                .body(containsString("which MIGRATION"));
        // A failure is the plain text line the job prints into the channel, with its status.
        given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("which 20990101000000")
                .post("/chatops").then().statusCode(404).contentType(containsString("text/plain"))
                .body(startsWith("Sorry: migration 20990101000000 is in no package note"));
        given().contentType("text/plain").body("help").post("/chatops").then().statusCode(401)
                .contentType(containsString("text/plain")).body(startsWith("Sorry: missing function secret"));
    }

    @Test
    void withoutASigningSecretThereIsNoSlackRoute() {
        given().contentType("application/x-www-form-urlencoded").body("text=help").post("/slack")
                .then().statusCode(404).body("error", containsString("TRACKER_SLACK_SIGNING_SECRET"));
    }

    private record JobRun(int exitCode, String output) {
    }

    private JobRun runJob(String chatInput) throws Exception {
        return runJob(chatInput, "http://localhost:" + port);
    }

    private JobRun runJob(String chatInput, String trackerUrl) throws Exception {
        JsonNode job = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(Path.of("deploy/gitlab-ci/chatops.gitlab-ci.yml"))).path(".post_migrations");
        assertThat(job.at("/rules/0/if").asText()).contains("$CI_PIPELINE_SOURCE == \"chat\"");
        StringBuilder script = new StringBuilder("set -e\n");
        job.path("script").forEach(line -> script.append(line.asText()).append('\n'));
        Path file = Files.createTempFile("chatops-job", ".sh");
        Files.writeString(file, script);
        ProcessBuilder builder = new ProcessBuilder("sh", file.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("TRACKER_URL", trackerUrl, "TRACKER_AUTH_TOKEN", SECRET,
                "CHAT_INPUT", chatInput, "CHAT_CHANNEL", "C123", "CHAT_USER_ID", "U123"));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new JobRun(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theJobTemplatePrintsTheReplyInAChatReplySection() throws Exception {
        recordPackage();

        JobRun run = runJob("which 20220201173212");

        assertThat(run.exitCode()).as(run.output()).isZero();
        Matcher section = Pattern.compile("section_start:\\d+:chat_reply\r\u001B\\[0K\n(.*)\nsection_end:\\d+:chat_reply\r\u001B\\[0K\n",
                Pattern.DOTALL).matcher(run.output());
        assertThat(section.find()).as(run.output()).isTrue();
        assertThat(section.group(1)).startsWith("20220201173212_add_user_details_provisioning_index.rb: not yet run on db/gstg")
                .contains("\ncame with 02-08 09:20 97d6e07c2a1 (14.8)");
    }

    @Test
    void theJobFailsWithTheErrorWhenTheCommandFails() throws Exception {
        JobRun run = runJob("which 20990101000000");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("post-migration tracker:", "20990101000000").doesNotContain("chat_reply");
    }

    @Test
    void theJobSendsTheTextAsTypedEvenWhenItStartsWithAnAt() throws Exception {
        // curl reads a file for a --data-binary value starting with @: /proc/self/environ would leave the runner.
        HttpServer function = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> received = new AtomicReference<>();
        function.createContext("/chatops", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] reply = "ok\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        function.start();
        try {
            JobRun run = runJob("@/etc/hostname", "http://127.0.0.1:" + function.getAddress().getPort());
            assertThat(run.exitCode()).as(run.output()).isZero();
        } finally {
            function.stop(0);
        }
        assertThat(received.get()).isEqualTo("@/etc/hostname").hasSize(14);
    }

    @Test
    void theJobPrintsAFailureAsThePlainLineItGot() throws Exception {
        JobRun run = runJob("which 20990101000000");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("post-migration tracker: Sorry: migration 20990101000000").doesNotContain("{\"error\"");
    }

    @Test
    void rollbackTakesTheEnvironmentFirstAsReleaseToolsDoes() {
        recordPackage();
        String before = given().header("Authorization", "Bearer " + SECRET).contentType("text/plain")
                .body("rollback " + BASE_PACKAGE + " gstg-cny").post("/chatops").then().statusCode(200).extract().asString();
        String after = given().header("Authorization", "Bearer " + SECRET).contentType("text/plain")
                .body("rollback gstg-cny " + BASE_PACKAGE).post("/chatops").then().statusCode(200).extract().asString();
        assertThat(after).isEqualTo(before).contains("gstg-cny");
    }
}
