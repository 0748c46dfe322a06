package com.gitlab.release.tracker.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.FaultKind;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class NoteIdempotencyTest extends FunctionTest {

    @Test
    void findsTheMarkerOnAnyPageOfNotes() {
        GitLabWorld.Issue issue = gitlab.project(RELEASES).issue(RELEASE_IID);
        chatter(issue, 30);
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().body("note.status", equalTo("created"));
        chatter(issue, 120);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("exists"));

        assertThat(issue.notes()).hasSize(151);
        assertThat(gitlab.requests()).anyMatch(r -> r.contains("/notes?") && r.contains("page=2"));
    }

    @Test
    void afterWritingOnlyTheNewestPageOfNotesIsReadBack() {
        chatter(gitlab.project(RELEASES).issue(RELEASE_IID), 150);

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().body("note.status", equalTo("created"));

        List<String> reads = gitlab.requests().stream().filter(r -> r.startsWith("GET") && r.contains("/notes?")).toList();
        assertThat(reads).filteredOn(r -> r.contains("sort=asc")).hasSize(2);
        assertThat(reads).filteredOn(r -> r.contains("sort=desc")).hasSize(1);
    }

    @Test
    void aNoteWhoseVisibleTextWasEditedStillCounts() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        GitLabWorld.Issue issue = gitlab.project(RELEASES).issue(RELEASE_IID);
        String body = issue.notes().get(0).body();
        String marker = body.substring(0, body.indexOf("-->") + 3);
        gitlab.project(RELEASES).issues().remove(RELEASE_IID);
        gitlab.project(RELEASES).issue(RELEASE_IID, "Release 14.8").note(marker + "\nRewritten by a release manager: all good.");

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("exists"));
        assertThat(releaseNotes()).hasSize(1);
    }

    @Test
    void notesOfOtherPackagesAndToolsDoNotCount() {
        GitLabWorld.Issue issue = gitlab.project(RELEASES).issue(RELEASE_IID);
        issue.note("<!-- post-migration-tracker {\"v\":1,\"package\":\"14.8.202202070920-1234567890a.4ce763dbce1\",\"sha\":\"1234567890a\",\"postMigrations\":[\"db/post_migrate/20220101000000_x.rb\"]} -->\nOlder package");
        issue.note("<!-- release-tools:deploy-marker 14.8.202202080920-97d6e07c2a1.4ce763dbce1 -->\nDeployed to gstg");
        issue.note("<!-- post-migration-tracker {not json -->\nbroken marker");
        issue.systemNote("changed the description");

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"));
        assertThat(issue.notes()).hasSize(5);
    }

    @Test
    void existingDuplicatesAreReducedToTheOldest() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);
        GitLabWorld.Issue issue = gitlab.project(RELEASES).issue(RELEASE_IID);
        String body = issue.notes().get(0).body();
        long oldest = issue.notes().get(0).id();
        issue.note(body);
        issue.note(body);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200)
                .body("note.status", equalTo("exists"))
                .body("note.id", equalTo((int) oldest));
        assertThat(issue.notes()).extracting(GitLabWorld.Note::id).containsExactly(oldest);
    }

    @Test
    void aWriteWhoseAnswerWasLostIsReadBackNotWrittenAgain() {
        gitlab.failNext("POST", "/notes", 1, FaultKind.LOST_ANSWER);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"))
                .body("note.id", equalTo((int) releaseNotes().get(0).id()));

        assertThat(gitlab.requests()).filteredOn(r -> r.startsWith("POST") && r.contains("/notes")).hasSize(1);
        assertThat(releaseNotes()).hasSize(1);
    }

    @Test
    void aWriteThatFailedIsRetriedOnceReadBackShowsNoNote() {
        gitlab.failNext("POST", "/notes", 2, FaultKind.CONNECTION_RESET);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"));

        assertThat(gitlab.requests()).filteredOn(r -> r.startsWith("POST") && r.contains("/notes")).hasSize(3);
        assertThat(releaseNotes()).hasSize(1);
    }

    @Test
    void aRetriedWriteReadsBackBeforeWritingAgain() {
        // The first answer is lost (GitLab wrote the note) and the next two reads fail: the retries read back
        // until the note is seen, and never write it a second time.
        gitlab.failNext("POST", "/notes", 1, FaultKind.LOST_ANSWER);
        gitlab.failAfter(1, "GET", "/notes", 2, FaultKind.SERVER_ERROR);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.status", equalTo("created"));

        assertThat(gitlab.requests()).filteredOn(r -> r.startsWith("POST") && r.contains("/notes")).hasSize(1);
        assertThat(gitlab.requests()).filteredOn(r -> r.startsWith("DELETE")).isEmpty();
        assertThat(releaseNotes()).hasSize(1);
    }

    @Test
    void retriesDoNotNest() {
        // Reads inside the write step fail every time: the step as a whole is tried 1 + 4 times (the default
        // TRACKER_GITLAB_RETRY_MAX_RETRIES), each read once per try, not 5 x 5 times.
        gitlab.failAfter(1, "GET", "/notes", 100, FaultKind.SERVER_ERROR);

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(502);

        assertThat(gitlab.requests()).filteredOn(r -> r.startsWith("POST") && r.contains("/notes")).hasSize(1);
        assertThat(gitlab.requests()).filteredOn(r -> r.startsWith("GET") && r.contains("/notes")).hasSize(1 + 5);
    }

    @Test
    void aWriteThatNeverSucceedsIs502AndLeavesNoNote() {
        gitlab.failNext("POST", "/notes", 50, FaultKind.SERVER_ERROR);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(502).body("error", org.hamcrest.Matchers.containsString("write a note"));
        assertThat(releaseNotes()).isEmpty();
        assertThat(gitlab.requests()).filteredOn(r -> r.startsWith("POST") && r.contains("/notes")).hasSize(5);
    }

    @Test
    void concurrentDeliveriesOfOnePackageLeaveOneNote() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(() -> call().body(Map.of("package", PACKAGE)).post("/record-package")
                        .then().statusCode(200).extract().path("note.status"));
            }
            List<String> statuses = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                statuses.add(f.get());
            }
            assertThat(releaseNotes()).hasSize(1);
            assertThat(statuses).containsOnly("created", "exists").contains("created");
        } finally {
            pool.shutdownNow();
        }
    }
}
