package com.gitlab.release.tracker.triggers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * {@code TRACKER_WEBHOOK_BUDGET} (here 300 ms; 8 s by default, GitLab.com waits about 10 s): a webhook delivery
 * answers within it whatever GitLab's speed, and work still running then finishes after the answer.
 */
@QuarkusTest
@TestProfile(WebhookBudgetTest.ShortBudget.class)
class WebhookBudgetTest extends FunctionTest {

    public static class ShortBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.webhook-budget", "300ms");
        }
    }

    private Response deliver(String sha, String packageVersion, long deploymentId) {
        return hook().body(deploymentEvent("gstg-cny", "success", deploymentId, sha, packageVersion)).post("/deployment-event");
    }

    /** Waits for the notes, then until the work that went on after the answers has stopped calling GitLab. */
    private void awaitNotes(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> releaseNotes().size() >= count);
        // Quiet: no request reached GitLab during one poll interval.
        AtomicInteger seen = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> seen.getAndSet(gitlab.requestCount()) == gitlab.requestCount());
    }

    @BeforeEach
    void warmClient() {
        // The first request of a test JVM pays for RestAssured's own start; answers are timed after it.
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aSlowGitLabGetsA202WithinTheBudgetAndTheNoteIsWrittenAfterwards() {
        long id = gitlab.project(SOURCE).deploy("gstg-cny", PACKAGE_SHA, PACKAGE);
        // The compare stays in flight until the delivery is answered: the answer cannot have waited for it.
        Runnable compare = gitlab.hold("GET", "/repository/compare");
        Response answer;
        java.time.Instant answered;
        try {
            answer = deliver(PACKAGE_SHA, PACKAGE, id);
            answered = java.time.Instant.now();
        } finally {
            compare.run();
        }

        answer.then().statusCode(202).body("accepted", equalTo(true)).body("detail", containsString("TRACKER_WEBHOOK_BUDGET"));
        awaitNotes(1);
        assertThat(releaseNotes()).hasSize(1);
        // Written after the answer (compared by the fake's clock, not by when this thread looks).
        assertThat(java.time.Instant.parse(releaseNotes().get(0).createdAt())).isAfter(answered);
        assertThat(releaseNotes().get(0).body()).contains(PM_1, PM_2);
    }

    @Test
    void aQuickAnswerComesWithTheResult() {
        // A busy machine may stall one delivery past the short budget (a 202, its note written after): of up to
        // three packages' deliveries, one answers with its note written, and each package gets its note.
        List<Integer> statuses = new ArrayList<>();
        Response answer = null;
        String previous = PACKAGE_SHA;
        for (int i = 0; i < 3 && !statuses.contains(200); i++) {
            String sha = String.format("f%02x", i).repeat(13) + "f";
            gitlab.project(SOURCE).commit(sha, previous, String.format("db/post_migrate/202204%02d000000_quick.rb", i + 1));
            String version = pkg("14.8", String.format("202204%02d0920", i + 1), sha);
            answer = deliver(sha, version, gitlab.project(SOURCE).deploy("gstg-cny", sha, version));
            statuses.add(answer.statusCode());
            previous = sha;
        }
        assertThat(statuses).as("statuses").contains(200).allMatch(status -> status == 200 || status == 202);
        answer.then().body("note.status", equalTo("created")).body("note.url", containsString("#note_"));
        awaitNotes(statuses.size());
        assertThat(releaseNotes()).hasSize(statuses.size());
    }

    @Test
    void reliabilityFigureForDeliveriesUnderASlowGitLab() {
        int deliveries = 8;
        String previous = PACKAGE_SHA;
        List<Long> ids = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            String sha = String.format("e%02x", i).repeat(13) + "e";
            gitlab.project(SOURCE).commit(sha, previous, String.format("db/post_migrate/202203%02d000000_step.rb", i + 1));
            ids.add(gitlab.project(SOURCE).deploy("gstg-cny", sha, pkg("14.8", String.format("202203%02d0920", i + 1), sha)));
            shas.add(sha);
            previous = sha;
        }
        int accepted = 0;
        for (int i = 0; i < deliveries; i++) {
            String sha = shas.get(i);
            // Every other compare stays in flight until its delivery is answered: that answer comes from the budget.
            int delivery = i;
            Supplier<Response> deliverIt = () -> deliver(sha, pkg("14.8", String.format("202203%02d0920", delivery + 1), sha),
                    ids.get(delivery));
            Response answer = i % 2 == 0
                    ? whileHeld("GET", "/repository/compare?from=" + (i == 0 ? BASE_SHA : shas.get(i - 1)), deliverIt)
                    : deliverIt.get();
            assertThat(answer.statusCode()).isIn(200, 202);
            if (i % 2 == 0) {
                assertThat(answer.statusCode()).as("answered while GitLab had not").isEqualTo(202);
            }
            accepted += answer.statusCode() == 202 ? 1 : 0;
        }
        awaitNotes(deliveries);
        assertThat(releaseNotes()).hasSize(deliveries);
        // The quick ones may take the budget too on a busy machine; the held ones must.
        assertThat(accepted).isGreaterThanOrEqualTo(deliveries / 2);
        System.out.printf("reliability: webhook deliveries answered under a GitLab holding every other compare %d/%d (%d"
                + " answered 202 and finished after), %d/%d notes written%n", deliveries, deliveries, accepted, releaseNotes().size(),
                deliveries);
    }
}
