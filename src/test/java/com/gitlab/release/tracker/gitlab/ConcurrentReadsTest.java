package com.gitlab.release.tracker.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Reads of long lists run side by side, bounded: the pages of an issue's notes once GitLab says how many there are,
 * one after another when it does not (above 10,000 rows). Which requests were in flight together is read from when
 * they reached the fake GitLab, which answers each after a latency far longer than the function needs to send them.
 */
@QuarkusTest
class ConcurrentReadsTest extends FunctionTest {
    private static final int LATENCY = 300;
    private static final Pattern PAGE = Pattern.compile("[?&]page=(\\d+)");

    @AfterEach
    void noLatency() {
        gitlab.latency(0);
    }

    @Test
    void theNotesPagesAreReadSideBySideAtMostEightAtOnce() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().body("note.status", equalTo("created"));
        chatter(gitlab.project(RELEASES).issue(RELEASE_IID), 1999); // 2,000 notes: 20 pages, the note on the first
        int seen = gitlab.requests().size();
        gitlab.latency(LATENCY);

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200).body("note.status", equalTo("exists"));

        List<List<Integer>> together = pagesTogether(seen, "sort=asc");
        assertThat(together.stream().flatMap(List::stream).sorted().toList()).as("every page read once")
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(together.get(0)).as("the first page alone: it tells how many there are").containsExactly(1);
        assertThat(together.stream().mapToInt(List::size).max().orElseThrow()).as("TRACKER_GITLAB_CONCURRENCY").isEqualTo(8);
        assertThat(together).as("page 1, then 19 pages 8 at a time").hasSize(4);
    }

    @Test
    void withoutAPageCountThePagesAreReadOneAfterAnother() {
        gitlab.countRowsUpTo(100); // as GitLab above 10,000 rows: no X-Total-Pages
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().body("note.status", equalTo("created"));
        chatter(gitlab.project(RELEASES).issue(RELEASE_IID), 349);
        int seen = gitlab.requests().size();
        gitlab.latency(LATENCY);

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200).body("note.status", equalTo("exists"));

        assertThat(pagesTogether(seen, "sort=asc")).containsExactly(List.of(1), List.of(2), List.of(3), List.of(4));
    }

    @Test
    void theRecentIssuesAreReadSideBySide() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().body("note.status", equalTo("created"));
        gitlab.project(RELEASES).issue(2002, "Release 14.7", "closed");
        gitlab.project(RELEASES).issue(2003, "Release 14.6", "closed");
        releaseIssues.forgetSearches().await().indefinitely();
        int seen = gitlab.requests().size();

        // Every notes page stays in flight until the three issues' first pages have all been asked for: read one
        // after another, the second would never be asked.
        heldUntil("GET", "/notes?", () -> call().body(Map.of("migration", "20220201173212")).post("/which-package").then(),
                () -> assertThat(gitlab.requests().subList(seen, gitlab.requests().size())).filteredOn(r -> r.contains("/notes?"))
                        .hasSizeGreaterThanOrEqualTo(3))
                .statusCode(200).body("found[0].package", equalTo(PACKAGE));
        assertThat(gitlab.requests().subList(seen, gitlab.requests().size())).filteredOn(r -> r.contains("/notes?"))
                .as("each issue's notes, asked together").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void noReadOfACallGoesOnAfterItsAnswer() {
        chatter(gitlab.project(RELEASES).issue(RELEASE_IID), 450);
        gitlab.latency(LATENCY);

        // The notes are read early, beside the deployment and the run; the stage has neither, so the answer comes
        // after the first round trip, and the notes reading started for it is stopped.
        call().body(Map.of("environment", "pre")).post("/pending-post-migrations").then().statusCode(404);
        long answeredAt = System.currentTimeMillis();

        // For three round trips after the answer, no request of the call reaches GitLab.
        await().during(Duration.ofMillis(3L * LATENCY)).atMost(Duration.ofMillis(4L * LATENCY))
                .until(() -> gitlab.requestTimes().stream().allMatch(at -> at <= answeredAt));
        assertThat(gitlab.requests()).noneMatch(r -> r.contains("/notes?") && r.contains("page=2"));
    }

    /** The pages of the notes read since request {@code from}, grouped by the requests in flight at the same time. */
    private List<List<Integer>> pagesTogether(int from, String order) {
        List<List<Integer>> groups = new ArrayList<>();
        long groupStart = Long.MIN_VALUE;
        for (int i = from; i < gitlab.requests().size(); i++) {
            String request = gitlab.requests().get(i);
            if (!request.startsWith("GET") || !request.contains("/notes?") || !request.contains(order)) {
                continue;
            }
            long at = gitlab.requestTimes().get(i);
            if (groups.isEmpty() || at - groupStart >= LATENCY / 2) {
                groups.add(new ArrayList<>());
                groupStart = at;
            }
            Matcher page = PAGE.matcher(request);
            groups.get(groups.size() - 1).add(page.find() ? Integer.parseInt(page.group(1)) : 1);
        }
        return groups;
    }
}
