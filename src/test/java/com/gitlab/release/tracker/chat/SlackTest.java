package com.gitlab.release.tracker.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.DemoHistory;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * {@code POST /slack}: Slack's slash command, signed with the app's signing secret, over the demo history (runs on
 * db/gstg and db/gprd, a pending post-migration). The fake GitLab server also stands in for Slack's response_url.
 * Here the budget is 1.5 s (2.5 s by default) and the read timeout 5 s, so a 2.5 s compare outlasts the budget.
 */
@QuarkusTest
@TestProfile(SlackTest.SlackApp.class)
class SlackTest extends FunctionTest {

    static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    public static class SlackApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.slack.signing-secret", SIGNING_SECRET, "tracker.slack.budget", "1500ms",
                    "tracker.slack.response-url-prefix", "${tracker.gitlab.url}/slack-response/",
                    "quarkus.rest-client.gitlab.read-timeout", "5000");
        }
    }

    @ConfigProperty(name = "tracker.gitlab.url")
    String gitlabUrl;

    private static final ObjectMapper JSON = new ObjectMapper();

    private String form(String text, String responseUrl) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "legacy-verification-token");
        fields.put("team_id", "T1DC2JH3J");
        fields.put("channel_id", "C2147483705");
        fields.put("user_id", "U2147483697");
        fields.put("command", "/post-migrations");
        fields.put("text", text);
        fields.put("response_url", responseUrl);
        fields.put("trigger_id", "13345224609.738474920.8088930838d88f008e0");
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private String hookUrl() {
        return gitlabUrl + "/slack-response/commands/T1DC2JH3J/1234/abcd";
    }

    /** Sends the form exactly as given (as Slack does; the signature covers these bytes). */
    private static io.restassured.specification.RequestSpecification slack(String body) {
        return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT)
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("application/x-www-form-urlencoded").body(body);
    }

    private Response send(String body, String secret, long timestamp, boolean signed) {
        var request = slack(body);
        if (signed) {
            request = request.header("X-Slack-Request-Timestamp", String.valueOf(timestamp)).header("X-Slack-Signature",
                    SlackSignature.sign(secret, String.valueOf(timestamp), body.getBytes(StandardCharsets.UTF_8)));
        }
        return request.post("/slack");
    }

    private Response command(String text) {
        return send(form(text, hookUrl()), SIGNING_SECRET, Instant.now().getEpochSecond(), true);
    }

    private void demoHistory() {
        // Warm the GitLab client first: answers are expected within the budget, a cold start is not.
        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package").then().statusCode(200);
        gitlab.reset();
        DemoHistory.seed(gitlab);
    }

    // ---- the sub-commands ----

    @Test
    void whichAnswersInTheRequestWithBlocks() {
        demoHistory();

        command("which 20220201173212").then().statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                // The verdict first, then the package by its time and Rails SHA, then where the details are.
                .body("text", equalTo("20220201173212_add_user_details_provisioning_index.rb: ran on db/gstg, ran on db/gprd"))
                .body("blocks[0].type", equalTo("section"))
                .body("blocks[0].text.type", equalTo("mrkdwn"))
                .body("blocks[0].text.text", equalTo("`20220201173212_add_user_details_provisioning_index.rb`: *ran on db/gstg, ran on db/gprd*"))
                .body("blocks[1].text.text", startsWith("came with `02-08 09:20 97d6e07c2a1` (14.8)"))
                .body("blocks[2].text.text", startsWith("details: <https://gitlab.example.com/"));
    }

    @Test
    void publicSharesTheAnswerWithTheChannel() {
        demoHistory();

        command("pending gprd --public").then().statusCode(200)
                .body("response_type", equalTo("in_channel"))
                .body("text", equalTo("2 post-deployment migrations pending on gprd (last post-deploy migration run 2022-02-08 14:02 UTC)"))
                .body("blocks", hasSize(4))
                .body("blocks[2].text.text", containsString("destructive: remove_column namespaces.legacy_state"))
                .body("blocks[1].text.text", containsString("queues a batched background migration"))
                .body("blocks[3].text.text", equalTo("details: `POST /pending-post-migrations {\"environment\":\"gprd\"}`"));
    }

    @Test
    void rollbackAndReleaseAndHelp() {
        demoHistory();

        command("rollback " + DemoHistory.PACKAGE_0).then().statusCode(200)
                .body("text", equalTo("NOT safe to roll gprd back to 02-07 15:20 5a1b2c3d4e5 (runs 02-08 14:00 c3c3c3c3c3c): risk"
                        + " compatible · post-migrations executed"))
                .body("blocks[0].text.text", startsWith(":red_circle: *NOT safe*"))
                .body("blocks[0].text.text", containsString("risk *compatible*"))
                .body("blocks[-1].text.text", containsString(DemoHistory.PACKAGE_0));
        // How far back: the earlier packages down to the point of no return.
        command("rollback gprd").then().statusCode(200)
                .body("text", equalTo("gprd can go back to 1 of 2 earlier packages (runs 02-08 14:00 c3c3c3c3c3c); point of no"
                        + " return 02-07 15:20 5a1b2c3d4e5"))
                .body("blocks", hasSize(4))
                .body("blocks[1].text.text", equalTo(":large_green_circle: `02-08 09:20 97d6e07c2a1` safe · risk none"))
                .body("blocks[2].text.text", containsString("NOT safe · risk compatible · *point of no return*"))
                .body("blocks[3].text.text", equalTo("details: `rollback gprd " + DemoHistory.PACKAGE_0 + "`"));
        command("rollback " + DemoHistory.PACKAGE_1 + " gprd").then().statusCode(200)
                .body("blocks[0].text.text", containsString(":large_green_circle: *Safe*"));
        // Release-tools' word order: the environment first.
        command("rollback gprd " + DemoHistory.PACKAGE_1).then().statusCode(200)
                .body("blocks[0].text.text", containsString(":large_green_circle: *Safe*"));
        command("release 14.8").then().statusCode(200)
                .body("text", equalTo("Release 14.8: 2 of 2 post-deployment migrations executed on db/gprd (from 1 package)"))
                .body("blocks.size()", greaterThan(1));
        command("help").then().statusCode(200).body("text", containsString("commands"))
                .body("blocks[0].text.text", containsString("which MIGRATION")).body("blocks[0].text.text", containsString("--public"));
        // Slack shows a 200's message only: an unknown command is the help, ephemeral, saying it was not understood.
        command("deploy everything --public").then().statusCode(200).body("response_type", equalTo("ephemeral"))
                .body("text", startsWith("Sorry, that is no command I know"))
                .body("blocks[0].text.text", containsString("rollback [ENVIRONMENT] PACKAGE-OR-SHA"));
    }

    @Test
    void errorsAreReadableMessagesNotFailures() {
        demoHistory();

        command("which 20990101000000").then().statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                .body("text", startsWith("Sorry: migration 20990101000000 is in no package note"));
        command("rollback not-a-version").then().statusCode(200)
                .body("text", containsString("neither a package version or SHA nor an environment with post-deploy migration runs"));
        command("pending pre").then().statusCode(200).body("text", startsWith("Sorry: no successful deployment on pre"));
    }

    // ---- slow answers go to response_url ----

    @Test
    void aSlowAnswerIsPostedToTheResponseUrl() throws Exception {
        demoHistory();
        // The compare stays in flight until Slack has its acknowledgement: the answer cannot have waited for it.
        whileHeld("GET", "/repository/compare", () -> command("pending")).then().statusCode(200)
                .body("response_type", equalTo("ephemeral")).body("text", equalTo("Working on it…"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !gitlab.slackResponses().isEmpty());
        assertThat(gitlab.slackResponses()).hasSize(1);
        JsonNode late = JSON.readTree(gitlab.slackResponses().get(0));
        assertThat(late.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(late.path("text").asText()).startsWith("2 post-deployment migrations pending on gprd");
        assertThat(late.path("blocks").size()).isEqualTo(4);
    }

    @Test
    void aLateAnswerThatSlackFailsToTakeIsPostedAgain() {
        demoHistory();
        gitlab.failNext("POST", "/slack-response/", 2, com.gitlab.release.tracker.demo.FaultKind.SERVER_ERROR);
        whileHeld("GET", "/repository/compare", () -> command("pending")).then().statusCode(200).body("text", equalTo("Working on it…"));

        // Two posts fail; the third is taken, once.
        await().atMost(Duration.ofSeconds(30)).until(() -> !gitlab.slackResponses().isEmpty());
        assertThat(gitlab.requests()).filteredOn(r -> r.startsWith("POST") && r.contains("/slack-response/")).hasSize(3);
        assertThat(gitlab.slackResponses()).singleElement().asString().contains("2 post-deployment migrations pending on gprd");
    }

    @Test
    void aResponseUrlOutsideTheAllowedPrefixIsRefused() throws Exception {
        demoHistory();
        gitlab.slowNext("GET", "/repository/compare", 1, 2500);

        send(form("pending", "https://attacker.example/collect"), SIGNING_SECRET, Instant.now().getEpochSecond(), true)
                .then().statusCode(200).body("text", containsString("refused"));
        // The late answer is ready after the slow compare (2.5 s): nothing may reach any response_url meanwhile or after.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> gitlab.slackResponses().isEmpty());
        assertThat(gitlab.requests()).allMatch(r -> r.contains(" /api/v4/projects/"));
    }

    // ---- what comes from GitLab shows as text ----

    @Test
    void valuesFromGitLabCannotNotifyTheChannel() {
        // One of the function's own notes, whose values someone shaped through GitLab: the MR's label and URL.
        String acting = "<!channel> <!here> <@U024BE7LH> & <https://attacker.example|click>";
        gitlab.project(RELEASES).issue(RELEASE_IID).note(com.gitlab.release.tracker.domain.notes.PackageNote.render(
                new com.gitlab.release.tracker.domain.notes.PackageRecord(PACKAGE, PACKAGE_SHA, BASE_SHA, java.util.List.of(PM_2),
                        "14.8", Map.of(PM_2, new com.gitlab.release.tracker.domain.migrations.MergeRequest(80222,
                                "https://gitlab.example.com/mr|<!channel>", "t", "jdoe", "group::" + acting, null))),
                BASE_PACKAGE, null, null, Map.of()));

        Response answer = command("which 20220201173212 --public");

        answer.then().statusCode(200).body("response_type", equalTo("in_channel"));
        String sent = answer.asString();
        assertThat(sent).doesNotContain("<!channel>", "<!here>", "<@U024BE7LH>", "<https://attacker.example");
        assertThat(answer.jsonPath().getString("blocks[1].text.text")).contains("group::&lt;!channel&gt; &lt;!here&gt;")
                .contains("&amp; &lt;https://attacker.example|click&gt;");
    }

    // ---- the signature is /slack's only credential ----

    @Test
    void aSignedRequestIsAcceptedOnceWithinItsWindow() {
        String body = form("help", hookUrl());
        long now = Instant.now().getEpochSecond();

        send(body, SIGNING_SECRET, now, true).then().statusCode(200).body("blocks[0].text.text", containsString("which MIGRATION"));
        send(body, SIGNING_SECRET, now, true).then().statusCode(401).body("error", containsString("replay"));
        send(form("help ", hookUrl()), SIGNING_SECRET, now, true).then().statusCode(200);
    }

    @Test
    void aLongCommandIsServedAndALargerFormIsAClear413() {
        String longText = "which 20220201173212 " + "x".repeat(3_000);
        command(longText).then().statusCode(200).body("text", org.hamcrest.Matchers.not(containsString("internal error")));

        long now = Instant.now().getEpochSecond();
        send(form("help", hookUrl()) + "&filler=" + "y".repeat(70_000), SIGNING_SECRET, now, true)
                .then().statusCode(413).body("error", containsString("form field is larger than"));
        send(form(longText, hookUrl()), SIGNING_SECRET, now, false).then().statusCode(401);
        given().header("Authorization", "Bearer " + SECRET).contentType("application/x-www-form-urlencoded")
                .body("package=" + "z".repeat(70_000)).post("/record-package").then().statusCode(413)
                .body("error", containsString("form field is larger than"));
    }

    @Test
    void aReplayAtTheWindowsEdgeIsRefused() {
        String body = form("help", hookUrl());
        long edge = Instant.now().getEpochSecond() - SlackSignature.TOLERANCE.toSeconds();

        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(send(body, SIGNING_SECRET, edge, true).statusCode());
        }

        assertThat(statuses).as("accepted at most once, the rest 401").filteredOn(status -> status == 200).hasSizeLessThanOrEqualTo(1);
        assertThat(statuses).allMatch(status -> status == 200 || status == 401);
    }

    @Test
    void wronglySignedRequestsAre401AndCallNothing() {
        String body = form("which 20220201173212", hookUrl());
        long now = Instant.now().getEpochSecond();

        String tampered = body.replace("20220201173212", "20220201141705");
        var signedForOriginal = SlackSignature.sign(SIGNING_SECRET, String.valueOf(now), body.getBytes(StandardCharsets.UTF_8));
        slack(tampered).header("X-Slack-Request-Timestamp", String.valueOf(now)).header("X-Slack-Signature", signedForOriginal)
                .post("/slack").then().statusCode(401).body("error", containsString("does not match"));
        send(body, "another-apps-secret", now, true).then().statusCode(401).body("error", containsString("does not match"));
        send(body, SIGNING_SECRET, now - 600, true).then().statusCode(401).body("error", containsString("5 minutes"));
        send(body, SIGNING_SECRET, now, false).then().statusCode(401).body("error", containsString("missing"));
        // The function secret is no credential for /slack.
        slack(body).header("Authorization", "Bearer " + SECRET).post("/slack").then().statusCode(401);

        assertThat(gitlab.requestCount()).isZero();
    }
}
