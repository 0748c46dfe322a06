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
        // A longer latency here: eight pages asked together must reach the fake within it, even on a busy machine.
        int latency = 2 * LATENCY;
        gitlab.latency(latency);

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200).body("note.status", equalTo("exists"));

        List<Read> reads = pagesRead(seen, "sort=asc");
        assertThat(reads.stream().map(Read::page).sorted().toList()).as("every page read once")
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
        Read first = reads.get(0);
        assertThat(first.page()).as("the first page first: it tells how many there are").isEqualTo(1);
        assertThat(reads.subList(1, reads.size())).as("the others asked once it has answered")
                .allMatch(read -> read.at() >= first.at() + latency);
        // A page asked is in flight for at least the latency, so the pages asked within one latency were in flight together.
        int mostTogether = reads.stream().mapToInt(read -> (int) reads.stream()
                .filter(other -> other.at() >= read.at() && other.at() < read.at() + latency).count()).max().orElseThrow();
        assertThat(mostTogether).as("side by side, at most TRACKER_GITLAB_CONCURRENCY at once").isEqualTo(8);
    }

    @Test
    void withoutAPageCountThePagesAreReadOneAfterAnother() {
        gitlab.countRowsUpTo(100); // as GitLab above 10,000 rows: no X-Total-Pages
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().body("note.status", equalTo("created"));
        chatter(gitlab.project(RELEASES).issue(RELEASE_IID), 349);
        int seen = gitlab.requests().size();
        // A longer latency here: eight pages asked together must reach the fake within it, even on a busy machine.
        int latency = 2 * LATENCY;
        gitlab.latency(latency);

        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200).body("note.status", equalTo("exists"));

        List<Read> reads = pagesRead(seen, "sort=asc");
        assertThat(reads).extracting(Read::page).containsExactly(1, 2, 3, 4);
        for (int i = 1; i < reads.size(); i++) {
            assertThat(reads.get(i).at()).as("page %d asked once page %d has answered", i + 1, i)
                    .isGreaterThanOrEqualTo(reads.get(i - 1).at() + LATENCY);
        }
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
        int seen = gitlab.requests().size();
        call().body(Map.of("environment", "pre")).post("/pending-post-migrations").then().statusCode(404);
        long answeredAt = System.currentTimeMillis();

        // For three round trips after the answer, nothing of the call reaches GitLab but what it had already asked
        // (on a busy machine a first notes page sent before the answer may arrive after it). Requests only accumulate,
        // so once this is false it stays false: the wide bound only limits how long a failing run waits.
        await().during(Duration.ofMillis(3L * LATENCY)).atMost(Duration.ofSeconds(30))
                .until(() -> lateRequests(seen, answeredAt).stream().allMatch(r -> r.contains("/notes?") && page(r) == 1));
        assertThat(gitlab.requests().subList(seen, gitlab.requests().size())).as("the notes read no further than page 1")
                .noneMatch(r -> r.contains("/notes?") && page(r) > 1);
    }

    private static int page(String request) {
        Matcher page = PAGE.matcher(request);
        return page.find() ? Integer.parseInt(page.group(1)) : 1;
    }

    /** The requests since request {@code from} that reached the fake GitLab after {@code answeredAt}. */
    private List<String> lateRequests(int from, long answeredAt) {
        List<String> requests = gitlab.requests();
        List<Long> times = gitlab.requestTimes();
        List<String> late = new ArrayList<>();
        for (int i = from; i < Math.min(requests.size(), times.size()); i++) {
            if (times.get(i) > answeredAt) {
                late.add(requests.get(i));
            }
        }
        return late;
    }

    /** A page of an issue's notes asked for, and when the request reached the fake GitLab. */
    private record Read(int page, long at) {
    }

    /** The pages of the notes read since request {@code from}, in the order they were asked. */
    private List<Read> pagesRead(int from, String order) {
        List<String> requests = gitlab.requests();
        List<Long> times = gitlab.requestTimes();
        List<Read> reads = new ArrayList<>();
        for (int i = from; i < Math.min(requests.size(), times.size()); i++) {
            String request = requests.get(i);
            if (request.startsWith("GET") && request.contains("/notes?") && request.contains(order)) {
                reads.add(new Read(page(request), times.get(i)));
            }
        }
        return reads;
    }
}
