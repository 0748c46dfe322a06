package com.gitlab.release.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.demo.GitLabWorld;
import com.gitlab.release.tracker.domain.notes.NoteMarker;

import io.quarkus.test.junit.QuarkusTest;

/**
 * What anyone signed in to GitLab.com can do (comment on the public release issue, open issues in the release
 * project, get a merge request merged) does not stop the function, blind it or make it leak.
 */
@QuarkusTest
class CommentersCannotStopItTest extends FunctionTest {

    @Test
    void aThousandLookAlikeReleaseIssuesByAnotherUserCostNothing() {
        for (int i = 1; i <= 1_000; i++) {
            gitlab.project(RELEASES).issue(RELEASE_IID + i, "Release 14.8", "opened", GitLabWorld.OTHER_USER);
        }

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"))
                .body("note.url", containsString("/issues/" + RELEASE_IID + "#note_"));
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("/issues?"))
                .allMatch(r -> r.contains("author_id=") || r.contains("author_username="));
    }

    @Test
    void aSecurityMergeRequestIsNeitherReadNorShown() {
        gitlab.project(SOURCE).mergeRequest(501, "Fix SSRF in webhooks (embargoed)", "sec.dev", List.of("group::authentication"), "14.8");
        gitlab.project(SOURCE).message(PACKAGE_SHA, "Merge branch 'security-fix' into 'master'\n\n"
                + "See merge request gitlab-org/security/gitlab!501");

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"))
                .body("postMigrations[0].mergeRequest.security", equalTo(true))
                .body("postMigrations[0].mergeRequest.title", org.hamcrest.Matchers.nullValue());

        String note = releaseNotes().get(releaseNotes().size() - 1).body();
        assertThat(note).contains("a security merge request").doesNotContain("501").doesNotContain("SSRF")
                .doesNotContain("sec.dev").doesNotContain("group::authentication");
        assertThat(gitlab.requests()).noneMatch(r -> r.contains("merge_requests/501"));
        call().body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(200).body("text", containsString("a security merge request")).body("text", not(containsString("SSRF")));
    }

    @Test
    void notesOfAMillionCharactersByAnotherUserAreSkippedAndTheNoteIsWritten() {
        GitLabWorld.Issue issue = gitlab.project(RELEASES).issue(RELEASE_IID);
        String huge = "<!-- post-migration-tracker {\"v\":1,\"package\":\"" + PACKAGE + "\"} -->\n" + "x".repeat(999_000);
        for (int i = 0; i < 12; i++) {
            issue.noteBy(GitLabWorld.OTHER_USER, huge);
        }

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200).body("note.status", equalTo("created"));
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200).body("note.status", equalTo("exists"));
        call().body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(200).body("found.package", contains(PACKAGE));
        call().body(Map.of("release", "14.8")).post("/release-post-migrations").then().statusCode(200);
    }

    @Test
    void aNoteNamingHugeColumnsStaysShortAndIsExactlyOne() {
        String column = "c".repeat(60_000);
        String up = IntStream.range(0, 20).mapToObj(i -> "    remove_column :table_" + i + ", NAME")
                .collect(Collectors.joining("\n"));
        gitlab.project(SOURCE).content(PM_2, "class RemoveLongNames < Gitlab::Database::Migration[2.2]\n  NAME = :" + column
                + "\n\n  def up\n" + up + "\n  end\nend\n");

        for (int i = 0; i < 3; i++) {
            call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        }

        List<GitLabWorld.Note> notes = releaseNotes().stream().filter(n -> n.body().contains(PACKAGE)).toList();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).body().length()).isLessThanOrEqualTo(NoteMarker.MAX_NOTE);
        call().body(Map.of("migration", "20220201173212")).post("/which-package")
                .then().statusCode(200).body("found[0].rollbackRisk", equalTo("destructive"));
    }

    @Test
    void bidiAndZeroWidthCharactersAreShownEscapedInNotesAndReplies() {
        String sha = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3";
        String shaped = "db/post_migrate/20220207120000_remove\u202egnp.\u200bstate.rb";
        gitlab.project(SOURCE).commit(sha, PACKAGE_SHA, shaped);
        gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);
        String newest = pkg("14.8", "202202081400", sha);

        call().body(Map.of("package", newest)).post("/record-package").then().statusCode(200).body("note.status", equalTo("created"));

        String note = releaseNotes().get(releaseNotes().size() - 1).body();
        assertThat(note).doesNotContain("\u202e").doesNotContain("\u200b");
        assertThat(note).contains("remove\\u202egnp.\\u200bstate.rb");
        String chatops = given().header("Authorization", "Bearer " + SECRET).contentType("text/plain")
                .body("which 20220207120000").post("/chatops").then().statusCode(200).extract().asString();
        assertThat(chatops).doesNotContain("\u202e").doesNotContain("\u200b").contains("\\u202e");
    }

    @Test
    void chatOpsRepliesAreEscapedAsSlackRepliesAre() {
        gitlab.project("gitlab-org/gitlab").mergeRequest(80222, "Index <!channel>", "jdoe\n<!here> /close", List.of("group::<!channel>"), null);
        gitlab.project(SOURCE).message(PACKAGE_SHA, "Merge branch 'x'\n\nSee merge request gitlab-org/gitlab!80222");
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);

        String reply = given().header("Authorization", "Bearer " + SECRET).contentType("text/plain")
                .body("which 20220201173212").post("/chatops").then().statusCode(200).extract().asString();

        assertThat(reply).contains("jdoe").doesNotContain("<!channel>").doesNotContain("<!here>");
        // A value's line break starts no line of its own: the reply is its three lines (verdict, package, details).
        assertThat(reply.strip().split("\n")).hasSize(3).noneMatch(line -> line.startsWith("&lt;!here&gt;"))
                .allMatch(line -> line.length() <= 160 + 40);
        String error = given().header("Authorization", "Bearer " + SECRET).contentType("text/plain")
                .body("which <!channel>").post("/chatops").then().extract().asString();
        assertThat(error).doesNotContain("<!channel>");
    }

    @Test
    void aPostMigrationWhoseConstantsMultiplyIsClassifiedAndNoted() {
        String items = IntStream.range(0, 150).mapToObj(i -> ":t").collect(Collectors.joining(", "));
        String source = "class X < Gitlab::Database::Migration[2.2]\n  A = [" + items + "]\n"
                + "  B = [" + IntStream.range(0, 150).mapToObj(i -> "A").collect(Collectors.joining(", ")) + "]\n"
                + "  C = [" + IntStream.range(0, 150).mapToObj(i -> "B").collect(Collectors.joining(", ")) + "]\n"
                + "  D = [" + IntStream.range(0, 150).mapToObj(i -> "C").collect(Collectors.joining(", ")) + "]\n"
                + "  def up\n    add_concurrent_index :users, D\n  end\nend\n";
        gitlab.project(SOURCE).content(PM_2, source);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"))
                .body("postMigrations[1].rollbackRisk", equalTo("unknown"))
                .body("postMigrations[1].operations", org.hamcrest.Matchers.hasItem(containsString("constants that expand past")));
        call().body(Map.of("environment", "gstg-cny")).post("/pending-post-migrations").then().statusCode(org.hamcrest.Matchers.lessThan(500));
    }

    @Test
    void whatHidesARemovedColumnIsNeverNone() {
        List<String> evasions = List.of(
                "    note = \"first\n  def down\n  last\"\n    remove_column :users, :legacy_state",
                "    note = \"first\n=begin\n\"\n    remove_column :users, :legacy_state",
                "    x = ?#; remove_column :users, :legacy_state",
                "    x = /#/; remove_column :users, :legacy_state");
        for (String up : evasions) {
            gitlab.project(SOURCE).content(PM_2, "class X < Gitlab::Database::Migration[2.2]\n  def up\n" + up
                    + "\n  end\n\n  def down\n  end\nend\n");

            call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                    .then().statusCode(200).body("postMigrations[1].rollbackRisk", equalTo("destructive"))
                    .body("postMigrations[1].operations", org.hamcrest.Matchers.hasItem("remove_column users.legacy_state"));
        }
    }
}
