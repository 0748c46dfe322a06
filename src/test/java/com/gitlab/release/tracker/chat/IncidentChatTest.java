package com.gitlab.release.tracker.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.DemoHistory;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Chat as a release manager uses it in an incident, through {@code POST /chatops} and the JSON functions over the
 * demo history: a few short lines with the verdict first, post-migrations found by any fragment of their name, the
 * common phrasings, an unknown command that fails the job, errors that name what is wrong, and the metrics.
 */
@QuarkusTest
class IncidentChatTest extends FunctionTest {

    private void demoHistoryWithTheNewestPackage() {
        gitlab.reset();
        DemoHistory.seed(gitlab);
        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200);
    }

    private static ValidatableResponse chatops(String text) {
        return given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body(text).post("/chatops").then()
                .contentType(containsString("text/plain"));
    }

    private static List<String> lines(String reply) {
        return List.of(reply.strip().split("\n"));
    }

    @Test
    void aRollbackAnswerIsAFewShortLinesVerdictFirst() {
        demoHistoryWithTheNewestPackage();

        List<String> targets = lines(chatops("rollback gprd").statusCode(200).extract().asString());
        assertThat(targets).allMatch(line -> line.length() <= ChatReply.LINE).noneMatch(line -> line.endsWith("…"));
        assertThat(lines(chatops("pending gprd").statusCode(200).extract().asString())).hasSize(4)
                .noneMatch(line -> line.endsWith("…")).allMatch(line -> line.length() <= ChatReply.LINE);
        assertThat(targets.get(0)).isEqualTo("gprd can go back to 1 of 2 earlier packages (runs 02-08 14:00 c3c3c3c3c3c); point of no"
                + " return 02-07 15:20 5a1b2c3d4e5");
        assertThat(targets.get(1)).isEqualTo("02-08 09:20 97d6e07c2a1 safe · risk none");
        assertThat(targets.get(2)).isEqualTo("02-07 15:20 5a1b2c3d4e5 NOT safe · risk compatible · point of no return");
        assertThat(targets.get(targets.size() - 1)).isEqualTo("details: rollback gprd " + DemoHistory.PACKAGE_0);

        // On gstg the column is gone: the oldest package's code still reads it, and who to page is named.
        List<String> check = lines(chatops("rollback gstg " + DemoHistory.PACKAGE_0).statusCode(200).extract().asString());
        assertThat(check).allMatch(line -> line.length() <= ChatReply.LINE).hasSizeLessThanOrEqualTo(10);
        assertThat(check.get(0)).startsWith("NOT safe to roll gstg back to 02-07 15:20 5a1b2c3d4e5 (runs 02-08 14:00 c3c3c3c3c3c):"
                + " risk breaking");
        assertThat(check).anyMatch(line -> line.startsWith("target's code breaks on 20220207120000_remove_namespaces_legacy_state.rb"));
        assertThat(check).contains("page for 20220207120000_remove_namespaces_legacy_state.rb (destructive): !80555"
                + " lee.w (group::tenant scale)");
        // Each line fits: none cut (a cut line ends with an ellipsis).
        assertThat(check).contains("ran: 20220207120000_remove_namespaces_legacy_state.rb · c3c3c3c3c3c · destructive:"
                + " remove_column namespaces.legacy_state · !80555 lee.w (group::tenant scale)")
                .noneMatch(line -> line.endsWith("…"));
        assertThat(check.get(check.size() - 1)).isEqualTo("details: POST /rollback-check {\"environment\":\"gstg\",\"target\":\""
                + DemoHistory.PACKAGE_0 + "\"}");
        // The versions are long: no line repeats them but the details.
        assertThat(check.subList(0, check.size() - 1)).noneMatch(line -> line.contains(DemoHistory.PACKAGE_0));

        // The package it runs is no rollback: said as such.
        chatops("rollback gprd " + DemoHistory.PACKAGE_2).statusCode(200)
                .body(startsWith("gprd already runs 02-08 14:00 c3c3c3c3c3c: nothing to roll back"));
    }

    @Test
    void whichFindsAPostMigrationByAnyFragmentOfItsName() {
        demoHistoryWithTheNewestPackage();
        String name = "20220207120000_remove_namespaces_legacy_state.rb";

        for (String fragment : List.of("legacy_state", "remove_namespaces", "20220207120000_remove_namespaces_legacy_state", "2022020712",
                "LEGACY_STATE")) {
            call().body(Map.of("migration", fragment)).post("/which-package").then().statusCode(200)
                    .body("found", hasSize(1)).body("found[0].path", equalTo(DemoHistory.REMOVE_COLUMN));
        }
        // Words typed apart in chat: each must be in the name.
        chatops("which remove namespaces").statusCode(200).body(startsWith(name + ": ran on db/gstg, not yet run on db/gprd\n"));
        chatops("which package brought legacy_state?").statusCode(200).body(startsWith(name + ":"));

        // Several match: the candidates, none read.
        call().body(Map.of("migration", "2022020")).post("/which-package").then().statusCode(200).body("found", hasSize(0))
                .body("candidates", equalTo(List.of("20220201141705_cleanup_background_migration_populate_test_reports_issue_id.rb",
                        "20220201173212_add_user_details_provisioning_index.rb", "20220207100000_queue_backfill_namespace_details.rb",
                        name)))
                .body("text", startsWith("4 post-migrations match '2022020': "));
        List<String> candidates = lines(chatops("which 2022020").statusCode(200).extract().asString());
        assertThat(candidates.get(0)).isEqualTo("4 post-migrations match 2022020: ask for one by its version");
        assertThat(candidates).hasSize(5).contains(name);

        // None: said so, with what was searched.
        chatops("which nothing_like_this").statusCode(404).body(startsWith("Sorry: migration nothing_like_this is in no package note"));
        call().body(Map.of("migration", "a;b")).post("/which-package").then().statusCode(400)
                .body("error", containsString("words of its file name"));
    }

    @Test
    void commonPhrasingsWorkAndAnUnknownCommandFailsTheJob() {
        demoHistoryWithTheNewestPackage();

        String targets = chatops("rollback gprd").statusCode(200).extract().asString();
        for (String phrasing : List.of("can we rollback gprd?", "can we roll back gprd", "rollback check gprd", "how far back can gprd go?")) {
            assertThat(chatops(phrasing).statusCode(200).extract().asString()).as(phrasing).isEqualTo(targets);
        }
        String check = chatops("rollback gprd " + DemoHistory.PACKAGE_1).statusCode(200).extract().asString();
        for (String phrasing : List.of("rollback check gprd " + DemoHistory.PACKAGE_1, "can we roll gprd back to " + DemoHistory.PACKAGE_1 + "?",
                "rollback " + DemoHistory.PACKAGE_1 + " gprd")) {
            assertThat(chatops(phrasing).statusCode(200).extract().asString()).as(phrasing).isEqualTo(check);
        }
        chatops("what is pending on gprd?").statusCode(200).body(startsWith("2 post-deployment migrations pending on gprd"));

        chatops("please deploy gprd").statusCode(400).body(startsWith("Sorry, that is no command I know. The commands:\n"))
                .body(containsString("rollback [ENVIRONMENT] PACKAGE-OR-SHA")).body(not(containsString("--public")));
        chatops("help").statusCode(200).body(startsWith("Post-migration tracker commands:"));
    }

    @Test
    void aReleaseWithoutItsIssueSaysWhatIsMissingInChatWords() {
        demoHistoryWithTheNewestPackage();

        chatops("release 14.8").statusCode(200).body(startsWith("Release 14.8: "));
        chatops("release 14.9").statusCode(404)
                .body(startsWith("Sorry: no issue titled 'Release 14.9' in gitlab-org/release/tasks"))
                .body(containsString("release 14.9 has no release issue yet")).body(containsString("ask again once it exists"))
                .body(not(containsString("'issue'")));
    }

    @Test
    void everyFourHundredNamesWhatIsWrongAndNoJavaType() {
        call().body("[\"20220201173212\"]").post("/which-package").then().statusCode(400)
                .body("error", equalTo("the request body of /which-package must be one JSON object, such as {\"migration\": ...,"
                        + " \"release\": ...} (line 1, column 1)"));
        call().body("\"20220201173212\"").post("/rollback-check").then().statusCode(400)
                .body("error", startsWith("the request body of /rollback-check must be one JSON object, such as {\"current\": ..."));
        call().body("{\"migraton\": \"20220201173212\"}").post("/which-package").then().statusCode(400)
                .body("error", equalTo("the request body of /which-package has a field it does not know: 'migraton'; its fields are"
                        + " 'migration', 'release'"));
        call().body("{\"environment\": \"gprd\", \"taget\": \"x\"}").post("/rollback-check").then().statusCode(400)
                .body("error", containsString("'taget'"));
        call().body("{\"migration\": [1]}").post("/which-package").then().statusCode(400)
                .body("error", containsString("in field 'migration'")).body("error", containsString("a string"))
                .body("error", containsString("an array")).body("error", not(containsString("java.")))
                .body("error", not(containsString("com.gitlab")));
        // GitLab's webhook carries many fields the function does not read: DeploymentEventTest sends its real body.

        // A ChatOps body past the bound: the reply form the job prints.
        given().header("Authorization", "Bearer " + SECRET).contentType("text/plain").body("which " + "x".repeat(2 * 1024 * 1024))
                .post("/chatops").then().statusCode(413).contentType(containsString("text/plain"))
                .body(startsWith("Sorry: the request body is too large"));
    }

    @Test
    void everyMetricTheDashboardReadsExistsWithItsHelpAndChatOutcomesFollowTheStatus() throws Exception {
        String metrics = given().header("Authorization", "Bearer " + SECRET).get("/q/metrics").then().statusCode(200).extract().asString();
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("deploy/grafana/post-migrations.json"));
        Matcher used = Pattern.compile("tracker_[a-z_]+").matcher(dashboard);
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (used.find()) {
            names.add(used.group().replaceFirst("_(total|sum|count|max|bucket)$", ""));
        }
        assertThat(names).contains("tracker_untrusted_records", "tracker_gitlab_requests", "tracker_notes", "tracker_function_seconds");
        for (String name : names) {
            String family = name;
            Matcher help = Pattern.compile("(?m)^# HELP (" + Pattern.quote(family) + "(_total)?) (.*)$").matcher(metrics);
            assertThat(help.find()).as(family + " in /q/metrics").isTrue();
            assertThat(help.group(3).strip()).as(family + "'s HELP").isNotEmpty();
        }
        // Present at start, before any imitated record: the panel shows zero, not "no data" (no test imitates a notice).
        assertThat(metrics).containsPattern("(?m)^tracker_untrusted_records_total\\{kind=\"notice-note\"[^}]*} 0\\.0$");
        for (String function : List.of("record-package", "which-package", "rollback-check", "rollback-targets", "pending-post-migrations",
                "release-post-migrations", "next-run", "deployment-event", "backfill", "slack", "chatops")) {
            assertThat(metrics).as(function).contains("tracker_function_seconds_count{function=\"" + function + "\",outcome=\"ok\"");
        }
        assertThat(metrics).containsPattern("tracker_function_seconds_count\\{function=\"chatops\",outcome=\"ok\"");

        gitlab.reset();
        DemoHistory.seed(gitlab);
        double before = count(metrics, "chatops", "error 404");
        chatops("which 20990101000000").statusCode(404);
        chatops("what now?").statusCode(400);
        String after = given().header("Authorization", "Bearer " + SECRET).get("/q/metrics").then().extract().asString();
        assertThat(count(after, "chatops", "error 404")).isEqualTo(before + 1);
        assertThat(count(after, "chatops", "error 400")).isGreaterThanOrEqualTo(1);
    }

    private static double count(String metrics, String function, String outcome) {
        Matcher m = Pattern.compile("tracker_function_seconds_count\\{[^}]*function=\"" + function + "\"[^}]*outcome=\"" + outcome
                + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
