package com.gitlab.release.tracker.notices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.DemoHistory;
import com.gitlab.release.tracker.demo.FaultKind;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The notice of a post-deploy migration run, before the point of no return moves: {@code POST /next-run} and chat
 * {@code next} before any run starts; GitLab's Deployment webhook {@code running} on {@code db/gprd} writes one note
 * and one Slack message (the fake GitLab stands in for Slack's incoming webhook); {@code success} names the notice
 * in the run note; {@code failed} adds one line to it. Over the demo history: gprd runs the newest package, whose two
 * post-migrations (a queueing and a column removal) have not run on db/gprd.
 */
@QuarkusTest
@TestProfile(RunNoticeTest.WithSlackWebhook.class)
class RunNoticeTest extends FunctionTest {

    public static class WithSlackWebhook implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.slack.webhook-url", "${tracker.gitlab.url}/slack-response/services/T000/B000/secret-path");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private GitLabWorld.Project demo() {
        gitlab.reset();
        DemoHistory.seed(gitlab);
        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200);
        gitlab.forgetRequests();
        return gitlab.project(DemoHistory.SOURCE);
    }

    private static Map<String, Object> event(String status, long deploymentId) {
        return Map.of("object_kind", "deployment", "status", status, "deployment_id", deploymentId, "environment", "db/gprd",
                "project", Map.of("path_with_namespace", DemoHistory.SOURCE),
                "commit_url", "https://gitlab.example.com/" + DemoHistory.SOURCE + "/-/commit/" + DemoHistory.SHA_2,
                "short_sha", DemoHistory.SHA_2.substring(0, 8), "ref", DemoHistory.PACKAGE_2,
                "status_changed_at", "2022-02-09 06:00:00 UTC");
    }

    private static io.restassured.response.ValidatableResponse hook(Map<String, Object> event) {
        return given().header("Authorization", "Bearer " + SECRET).header("X-Gitlab-Event", "Deployment Hook")
                .contentType(ContentType.JSON).body(event).post("/deployment-event").then();
    }

    private List<String> notices() {
        return gitlab.project(DemoHistory.RELEASES).issue(DemoHistory.RELEASE_IID).notes().stream()
                .map(GitLabWorld.Note::body).filter(body -> body.contains("\"type\":\"notice\"")).toList();
    }

    @Test
    void nextRunSaysWhatItWouldExecuteAndHowTheHorizonMoves() {
        demo();

        call().body(Map.of("environment", "gprd")).post("/next-run").then().statusCode(200)
                .body("database", equalTo("db/gprd")).body("sha", equalTo(DemoHistory.SHA_2))
                .body("executedSha", equalTo(DemoHistory.SHA_1))
                .body("postMigrations.path", contains(DemoHistory.QUEUE, DemoHistory.REMOVE_COLUMN))
                .body("postMigrations[1].rollbackRisk", equalTo("destructive"))
                .body("postMigrations[1].mergeRequest.author", equalTo("lee.w"))
                // gprd can go back to the middle package now, not after the column is gone; the oldest's code reads it.
                .body("lostTargets", contains(DemoHistory.PACKAGE_1))
                .body("pointOfNoReturn", equalTo(DemoHistory.PACKAGE_0))
                .body("pointOfNoReturnAfter", equalTo(DemoHistory.PACKAGE_1))
                .body("newlyBreaking", contains(DemoHistory.PACKAGE_0))
                .body("text", startsWith("The next post-deploy migration run on db/gprd would execute 2 post-deployment migrations"));
        // gstg ran the newest package's post-migrations already: nothing to run, nothing moves.
        call().body(Map.of("environment", "gstg")).post("/next-run").then().statusCode(200)
                .body("postMigrations", hasSize(0)).body("lostTargets", hasSize(0)).body("text", startsWith("Nothing to run"));
        call().body(Map.of("environment", "pre")).post("/next-run").then().statusCode(404);
        call().body(Map.of("enviroment", "gprd")).post("/next-run").then().statusCode(400).body("error", containsString("'enviroment'"));

        List<String> chat = List.of(given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("next gprd")
                .post("/chatops").then().statusCode(200).extract().asString().strip().split("\n"));
        assertThat(chat.get(0)).isEqualTo("The next run on db/gprd would execute 2 post-deployment migrations; gprd loses 1 rollback target");
        assertThat(chat).contains("no longer safe after it: 02-08 09:20 97d6e07c2a1",
                "point of no return: 02-07 15:20 5a1b2c3d4e5 → 02-08 09:20 97d6e07c2a1", "would break, by their own code: 02-07 15:20 5a1b2c3d4e5",
                "details: POST /next-run {\"environment\":\"gprd\"}");
        assertThat(chat).allMatch(line -> line.length() <= 160);
        assertThat(given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("what will the next run execute on gprd?")
                .post("/chatops").then().statusCode(200).extract().asString()).isEqualTo(String.join("\n", chat) + "\n");
        assertThat(gitlab.slackResponses()).as("asking sends nothing to Slack").isEmpty();
    }

    @Test
    void aRunThatStartsGetsOneNoticeAndOneSlackMessageUnderDuplicateAndConcurrentDeliveries() throws Exception {
        long run = demo().deployAt("db/gprd", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "running", Instant.parse("2022-02-09T06:00:00Z"));

        hook(event("running", run)).statusCode(200)
                .body("notice.note.status", equalTo("created")).body("notice.slack", equalTo("sent"))
                .body("notice.postMigrations.path", contains(DemoHistory.QUEUE, DemoHistory.REMOVE_COLUMN))
                .body("notice.lostTargets", contains(DemoHistory.PACKAGE_1))
                .body("notice.pointOfNoReturnAfter", equalTo(DemoHistory.PACKAGE_1));
        // The same delivery again, and three at once: still one note, one message.
        hook(event("running", run)).statusCode(200).body("notice.note.status", equalTo("exists")).body("notice.slack", equalTo("not sent"));
        List<CompletableFuture<Integer>> concurrent = IntStream.range(0, 3).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                hook(event("running", run)).extract().statusCode())).toList();
        for (CompletableFuture<Integer> status : concurrent) {
            assertThat(status.get()).isIn(200, 202);
        }

        assertThat(notices()).hasSize(1);
        String notice = notices().get(0);
        assertThat(notice).contains("#### Post-deploy migration run starting on `db/gprd`", "It will execute 2 post-deployment migrations",
                "`" + DemoHistory.REMOVE_COLUMN + "`", "remove_column namespaces.legacy_state", "[!80555]", "`lee.w`",
                "safe now, not after it: `" + DemoHistory.PACKAGE_1 + "`",
                "The point of no return moves from `" + DemoHistory.PACKAGE_0 + "` to `" + DemoHistory.PACKAGE_1 + "`",
                "Judged by their own code, these targets would break on what it executes: `" + DemoHistory.PACKAGE_0 + "`");
        assertThat(gitlab.slackResponses()).hasSize(1);
        JsonNode message = JSON.readTree(gitlab.slackResponses().get(0));
        assertThat(message.path("text").asText()).isEqualTo("Post-deploy migration run starting on db/gprd: it will execute 2"
                + " post-deployment migrations; gprd loses 1 rollback target");
        assertThat(message.has("response_type")).isFalse();
        assertThat(message.path("blocks").get(message.path("blocks").size() - 1).path("text").path("text").asText())
                .startsWith("details: <https://gitlab.example.com/gitlab-org/release/tasks/-/issues/1#note_");

        // The run succeeds: its run note names the notice, and no second notice or message.
        gitlab.project(DemoHistory.SOURCE).finish(run, "success", Instant.parse("2022-02-09T06:20:00Z"));
        hook(event("success", run)).statusCode(200).body("note.status", equalTo("created"));
        String runNote = gitlab.project(DemoHistory.RELEASES).issue(DemoHistory.RELEASE_IID).notes().stream().map(GitLabWorld.Note::body)
                .filter(body -> body.contains("\"type\":\"execution\"") && body.contains("\"deploymentId\":" + run)).findFirst().orElseThrow();
        assertThat(runNote).contains("Announced when it started: [the notice](https://gitlab.example.com/gitlab-org/release/tasks/-/issues/1#note_");
        assertThat(notices()).hasSize(1);
        assertThat(gitlab.slackResponses()).hasSize(1);
    }

    @Test
    void aRunRecordedByTheBackfillNamesItsNoticeToo() {
        long run = demo().deployAt("db/gprd", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "running", Instant.parse("2022-02-09T06:00:00Z"));
        String notice = hook(event("running", run)).statusCode(200).body("notice.note.status", equalTo("created"))
                .extract().path("notice.note.url");
        // Its success's event is lost: the backfill records the run, and the run note links the notice all the same.
        gitlab.project(DemoHistory.SOURCE).finish(run, "success", Instant.parse("2022-02-09T06:20:00Z"));

        call().body(Map.of("environment", "db/gprd", "since", "2022-02-09T00:00:00Z")).post("/backfill").then().statusCode(200)
                .body("created", equalTo(1)).body("packages[0].deploymentId", equalTo((int) run));
        String runNote = gitlab.project(DemoHistory.RELEASES).issue(DemoHistory.RELEASE_IID).notes().stream().map(GitLabWorld.Note::body)
                .filter(body -> body.contains("\"type\":\"execution\"") && body.contains("\"deploymentId\":" + run)).findFirst().orElseThrow();
        assertThat(runNote).contains("Announced when it started: [the notice](" + notice + ")");

        // A dry run writes nothing, and still says which package brought each post-migration, and by whom.
        call().body(Map.of("environment", "db/gprd", "since", "2022-02-09T00:00:00Z", "dryRun", true)).post("/backfill").then()
                .statusCode(200).body("dryRun", equalTo(1))
                .body("packages[0].postMigrations.package", contains(DemoHistory.PACKAGE_2, DemoHistory.PACKAGE_2))
                .body("packages[0].postMigrations[1].mergeRequest.author", equalTo("lee.w"));
    }

    @Test
    void aRunThatFailsAddsOneLineToItsNoticeAndNothingElse() {
        long run = demo().deployAt("db/gprd", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "running", Instant.parse("2022-02-09T06:00:00Z"));
        hook(event("running", run)).statusCode(200).body("notice.note.status", equalTo("created"));
        int notes = gitlab.project(DemoHistory.RELEASES).issue(DemoHistory.RELEASE_IID).notes().size();

        gitlab.project(DemoHistory.SOURCE).finish(run, "failed", Instant.parse("2022-02-09T06:10:00Z"));
        hook(event("failed", run)).statusCode(200).body("notice.ended", equalTo("failed")).body("notice.note.status", equalTo("exists"));
        hook(event("failed", run)).statusCode(200).body("notice.ended", equalTo("failed"));

        assertThat(gitlab.project(DemoHistory.RELEASES).issue(DemoHistory.RELEASE_IID).notes()).hasSize(notes);
        assertThat(notices()).hasSize(1);
        assertThat(notices().get(0)).containsOnlyOnce("**This run ended without success:** `failed` at `2022-02-09 06:00:00 UTC`");
        assertThat(gitlab.slackResponses()).hasSize(1);
        // A canceled run of which there is no notice: nothing written.
        long other = gitlab.project(DemoHistory.SOURCE).deployAt("db/gprd", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "canceled",
                Instant.parse("2022-02-09T07:00:00Z"));
        hook(event("canceled", other)).statusCode(200).body("notice.note.status", equalTo("none"));
        assertThat(gitlab.project(DemoHistory.RELEASES).issue(DemoHistory.RELEASE_IID).notes()).hasSize(notes);
    }

    @Test
    void aRunThatExecutesNothingOrAnotherEnvironmentWritesNoNotice() {
        // db/gstg ran the newest package's commit already: a run there executes nothing.
        long run = demo().deployAt("db/gstg", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "running", Instant.parse("2022-02-09T06:00:00Z"));
        Map<String, Object> gstg = new java.util.HashMap<>(event("running", run));
        gstg.put("environment", "db/gstg");
        hook(gstg).statusCode(200).body("notice.note.status", equalTo("none")).body("notice.slack", equalTo("none"));
        // A running deployment of an application environment is no run: nothing changes.
        long deploy = gitlab.project(DemoHistory.SOURCE).deploy("gprd", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "running");
        Map<String, Object> app = new java.util.HashMap<>(event("running", deploy));
        app.put("environment", "gprd");
        hook(app).statusCode(200).body("skipped", containsString("is not tracked")).body("notice", nullValue());
        assertThat(notices()).isEmpty();
        assertThat(gitlab.slackResponses()).isEmpty();
    }

    @Test
    void deliveriesRacingFromTheFirstWithAWriteWhoseAnswerIsLostLeaveOneNoteAndOneMessage() throws Exception {
        long run = demo().deployAt("db/gprd", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "running", Instant.parse("2022-02-09T06:00:00Z"));
        // One delivery's note is written but its answer lost: it reads back, and may find its own or another's.
        gitlab.failNext("POST", "/notes", 1, FaultKind.LOST_ANSWER);

        List<CompletableFuture<String>> deliveries = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            // A delivery still working when GitLab's budget ran out answers 202 and finishes after.
            Object slack = hook(event("running", run)).extract().path("notice.slack");
            return slack == null ? "accepted" : slack.toString();
        })).toList();
        List<String> told = new java.util.ArrayList<>();
        for (CompletableFuture<String> delivery : deliveries) {
            told.add(delivery.get());
        }

        assertThat(told).isSubsetOf("sent", "not sent", "accepted").filteredOn("sent"::equals).hasSizeLessThanOrEqualTo(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> gitlab.slackResponses().size() == 1
                && notices().size() == 1);
        // However they raced, the one kept note's writer alone told Slack.
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(2)).atMost(java.time.Duration.ofSeconds(30))
                .until(() -> gitlab.slackResponses().size() == 1 && notices().size() == 1);
    }

    @Test
    void aRunThatFailsBeforeItsNoticeIsWrittenGetsTheLineOnceItIs() {
        long run = demo().deployAt("db/gprd", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "running", Instant.parse("2022-02-09T06:00:00Z"));
        gitlab.project(DemoHistory.SOURCE).finish(run, "failed", Instant.parse("2022-02-09T06:01:00Z"));
        // The failure's event comes first: no notice yet, nothing written.
        hook(event("failed", run)).statusCode(200).body("notice.note.status", equalTo("none"));
        assertThat(notices()).isEmpty();

        // The start's event comes late: the notice, and at once its line.
        hook(event("running", run)).statusCode(200).body("notice.note.status", equalTo("created")).body("notice.ended", equalTo("failed"));
        assertThat(notices()).hasSize(1);
        assertThat(notices().get(0)).containsOnlyOnce("**This run ended without success:** `failed`");
    }

    @Test
    void theFirstRunOnADatabaseGetsNoNoticeAndNoError() {
        // The standard world: db/gprd has never run.
        long run = gitlab.project(SOURCE).deployAt("db/gprd", PACKAGE_SHA, PACKAGE, "running", Instant.parse("2022-02-09T06:00:00Z"));
        Map<String, Object> first = new java.util.HashMap<>(event("running", run));
        first.put("project", Map.of("path_with_namespace", SOURCE));
        hook(first).statusCode(200).body("skipped", containsString("no earlier successful run on db/gprd"));
        assertThat(gitlab.project(RELEASES).issue(RELEASE_IID).notes()).isEmpty();
    }

    @Test
    void slackFailingIsRetriedAndNeverFailsTheWebhook() {
        long run = demo().deployAt("db/gprd", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "running", Instant.parse("2022-02-09T06:00:00Z"));
        gitlab.failNext("POST", "/slack-response/", 2, FaultKind.SERVER_ERROR);

        hook(event("running", run)).statusCode(200).body("notice.note.status", equalTo("created")).body("notice.slack", equalTo("sent"));
        assertThat(gitlab.slackResponses()).hasSize(1);

        long second = gitlab.project(DemoHistory.SOURCE).deployAt("db/gprd", DemoHistory.SHA_2, DemoHistory.PACKAGE_2, "running",
                Instant.parse("2022-02-10T06:00:00Z"));
        gitlab.failNext("POST", "/slack-response/", 10, FaultKind.SERVER_ERROR);
        hook(event("running", second)).statusCode(200).body("notice.note.status", equalTo("created")).body("notice.slack", equalTo("failed"));
        assertThat(notices()).hasSize(2);
    }
}
