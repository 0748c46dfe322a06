package com.gitlab.release.tracker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.demo.FaultKind;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The promise to release managers, with figures: every package that adds post-migrations ends with exactly one
 * note, under concurrent deliveries and GitLab faults, and bad input writes nothing. Prints one summary line.
 */
@QuarkusTest
class ReliabilityFiguresTest extends FunctionTest {

    private static final Map<String, String> FIGURES = Collections.synchronizedMap(new HashMap<>());

    @AfterAll
    static void printSummary() {
        System.out.println("reliability: " + FIGURES.getOrDefault("concurrent", "concurrency not run") + "; "
                + FIGURES.getOrDefault("interleaved", "interleaving not run") + "; "
                + FIGURES.getOrDefault("faults", "faults not run") + "; "
                + FIGURES.getOrDefault("bad", "bad input not run") + "; "
                + FIGURES.getOrDefault("throttled", "throttled backfill not run") + "; "
                + FIGURES.getOrDefault("slow", "slow compares not run") + "; "
                + FIGURES.getOrDefault("offset", "offset-paged trees not run"));
    }

    private static final java.time.format.DateTimeFormatter BUILT = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmm")
            .withZone(java.time.ZoneOffset.UTC);

    @Test
    void aBackfillUnderGitLabComsSearchLimitRecordsEveryPackage() {
        int packages = 300;
        java.time.Instant start = java.time.Instant.parse("2022-02-01T00:00:00Z");
        gitlab.project(SOURCE).deployAt("gstg-cny", BASE_SHA, BASE_PACKAGE, "success", start);
        String previous = BASE_SHA;
        for (int i = 1; i <= packages; i++) {
            String sha = String.format("c%03x", i).repeat(10);
            gitlab.project(SOURCE).commit(sha, previous, String.format("db/post_migrate/2022020%07d_step.rb", i));
            // A version's timestamp is its build time, a real one (2022-02-01 00:01, 00:02, ...).
            gitlab.project(SOURCE).deployAt("gstg-cny", sha, "14.8." + BUILT.format(start.plusSeconds(60L * i)) + "-"
                    + sha.substring(0, 11) + ".4ce763dbce1", "success", start.plusSeconds(60L * i));
            previous = sha;
        }
        gitlab.limitIssueSearches(30, java.time.Duration.ofMinutes(1));

        Response answer = call().body(Map.of("environment", "gstg-cny", "since", "2022-02-01T00:00:30Z",
                "until", "2022-03-01T00:00:00Z")).post("/backfill");

        answer.then().statusCode(200);
        int created = answer.path("created");
        int failed = answer.path("failed");
        assertThat(created).isEqualTo(packages);
        assertThat(failed).isZero();
        assertThat(releaseNotes()).hasSize(packages);
        assertThat(gitlab.issueSearches()).isEqualTo(1);
        FIGURES.put("throttled", "backfill of " + packages + " packages under a search limit of 30/min -> " + created
                + " notes, " + failed + " failed, " + gitlab.issueSearches() + " issue search, "
                + gitlab.throttledSearches() + " throttled");
    }

    @Test
    void slowComparesFallBackAndOffsetPagedTreesAreFollowed() {
        java.util.List<String> files = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            files.add(String.format("db/post_migrate/2021%010d_old_%d.rb", i, i));
        }
        String base = "d0".repeat(20);
        gitlab.project(SOURCE).commit(base, files);
        int slow = 5;
        int correct = 0;
        for (int i = 0; i < slow; i++) {
            String sha = String.format("d%d", i + 1).repeat(20);
            String added = String.format("db/post_migrate/2022030%d000000_new.rb", i + 1);
            gitlab.project(SOURCE).commit(sha, base, added);
            gitlab.failNext("GET", "/repository/compare?from=" + base + "&to=" + sha, 10,
                    i % 2 == 0 ? FaultKind.SLOW : FaultKind.BAD_GATEWAY);
            List<String> found = call().body(Map.of("sha", sha, "previous", base, "release", "14.8", "dryRun", true))
                    .post("/record-package").then().statusCode(200).extract().path("postMigrations.path");
            correct += found.equals(List.of(added)) ? 1 : 0;
        }
        long compares = gitlab.requests().stream().filter(r -> r.contains("/repository/compare")).count();
        assertThat(correct).isEqualTo(slow);
        assertThat(compares).isEqualTo(slow);
        FIGURES.put("slow", "slow compares (read timeout, 502) " + correct + "/" + slow + " fell back to the tree at once"
                + " (" + compares + " compare requests) with the right post-migrations");

        gitlab.reset();
        gitlab.project(SOURCE).commit(base, files);
        String next = "d9".repeat(20);
        String added = "db/post_migrate/20220309000000_new.rb";
        gitlab.project(SOURCE).commit(next, base, added).compareTimesOut(base, next);
        gitlab.pageTreesByOffset();
        List<String> found = call().body(Map.of("sha", next, "previous", base, "release", "14.8", "dryRun", true))
                .post("/record-package").then().statusCode(200).extract().path("postMigrations.path");
        long pages = gitlab.requests().stream().filter(r -> r.contains("/repository/tree")).count();
        assertThat(found).containsExactly(added);
        FIGURES.put("offset", "offset-paged trees (251 files at each commit) followed over " + pages
                + " pages -> the right post-migration");
    }

    /** Ten packages on top of the standard base, each adding one post-migration. */
    private List<String> tenPackages() {
        List<String> packages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String sha = String.format("e%010d", i) + "f".repeat(29);
            gitlab.project(SOURCE).commit(sha, BASE_SHA, String.format("db/post_migrate/2022021%d000000_p%d.rb", i, i));
            packages.add(String.format("14.8.2022021%d0920-%s.4ce763dbce1", i, sha.substring(0, 11)));
        }
        return packages;
    }

    private Response record(String packageVersion) {
        return call().body(Map.of("package", packageVersion)).post("/record-package");
    }

    /** All calls start together, each on its own thread and HTTP connection. */
    private static List<Response> atOnce(List<Supplier<Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Callable<Response>> tasks = new ArrayList<>();
            for (Supplier<Response> call : calls) {
                tasks.add(() -> {
                    start.await();
                    return call.get();
                });
            }
            List<Future<Response>> futures = new ArrayList<>();
            tasks.forEach(t -> futures.add(pool.submit(t)));
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get(120, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private long notesOf(String packageVersion) {
        return releaseNotes().stream().filter(n -> n.body().contains("\"package\":\"" + packageVersion + "\"")).count();
    }

    @Test
    void twentyIdenticalDeliveriesAtOnceLeaveOneNote() throws Exception {
        List<Supplier<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> record(PACKAGE));
        }
        List<Response> responses = atOnce(calls);

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        int notes = releaseNotes().size();
        FIGURES.put("concurrent", "20/20 concurrent deliveries -> " + notes + " note");
        assertThat(notes).isEqualTo(1);
        long kept = releaseNotes().get(0).id();
        assertThat(responses).allSatisfy(r -> assertThat(r.jsonPath().getLong("note.id")).isEqualTo(kept));
    }

    @Test
    void fiftyDeliveriesOfTenPackagesInterleavedLeaveTenNotes() throws Exception {
        List<String> packages = tenPackages();
        List<Supplier<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String p = packages.get(i % 10);
            calls.add(() -> record(p));
        }
        Collections.shuffle(calls, new java.util.Random(7));
        List<Response> responses = atOnce(calls);

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        FIGURES.put("interleaved", "50 deliveries of 10 packages -> " + releaseNotes().size() + " notes");
        assertThat(releaseNotes()).hasSize(10);
        assertThat(packages).allSatisfy(p -> assertThat(notesOf(p)).isEqualTo(1));
    }

    @Test
    void underRandomGitLabFaultsEveryPackageEndsWithExactlyOneNote() {
        List<String> packages = tenPackages();
        gitlab.failRandomly(0.3, 42, FaultKind.SERVER_ERROR, FaultKind.BAD_GATEWAY, FaultKind.UNAVAILABLE,
                FaultKind.RATE_LIMITED, FaultKind.CONNECTION_RESET, FaultKind.EMPTY_REPLY, FaultKind.SLOW,
                FaultKind.LOST_ANSWER);
        int unconfirmed = 0;
        int callerRetries = 0;
        for (String p : packages) {
            Response answer = record(p);
            // A caller (webhook, CI job) delivers again while the function answers 5xx.
            for (int attempt = 0; answer.statusCode() >= 500 && attempt < 10; attempt++) {
                callerRetries++;
                answer = record(p);
            }
            assertThat(answer.statusCode()).as(p).isEqualTo(200);
            long id = answer.jsonPath().getLong("note.id");
            if (releaseNotes().stream().noneMatch(n -> n.id() == id)) {
                unconfirmed++;
            }
        }
        int faults = gitlab.faultsInjected();
        long lost = packages.stream().filter(p -> notesOf(p) == 0).count();
        long duplicates = packages.stream().mapToLong(p -> Math.max(0, notesOf(p) - 1)).sum();
        FIGURES.put("faults", "faults injected " + faults + " in " + gitlab.requestCount() + " GitLab requests over "
                + packages.size() + " packages (" + callerRetries
                + " caller retries) -> " + releaseNotes().size() + " notes, " + lost + " lost, " + duplicates
                + " duplicates, " + unconfirmed + " unconfirmed 200s");

        assertThat(faults).isPositive();
        assertThat(lost).isZero();
        assertThat(duplicates).isZero();
        assertThat(unconfirmed).isZero();
        assertThat(releaseNotes()).hasSize(10);
    }

    @Test
    void badInputIsAClear4xxAndWritesNothing() {
        gitlab.project(RELEASES).issues().remove(RELEASE_IID);
        gitlab.project(RELEASES).issue(RELEASE_IID, "Release 14.8");
        Map<String, Supplier<Response>> bad = new java.util.LinkedHashMap<>();
        bad.put("malformed JSON", () -> call().body("{\"package\": ").post("/record-package"));
        bad.put("empty body", () -> call().post("/record-package"));
        bad.put("a JSON array", () -> call().body("[1, 2]").post("/record-package"));
        bad.put("wrong type", () -> call().body("{\"package\": \"" + PACKAGE + "\", \"dryRun\": \"perhaps\"}").post("/record-package"));
        bad.put("unknown function", () -> call().body(Map.of("package", PACKAGE)).post("/record-packages"));
        bad.put("unparseable version", () -> call().body(Map.of("package", "14.8.x")).post("/record-package"));
        bad.put("non-hex SHA", () -> call().body(Map.of("sha", "97d6e07zz1", "release", "14.8")).post("/record-package"));
        bad.put("neither package nor SHA", () -> call().body(Map.of("dryRun", false)).post("/record-package"));
        bad.put("bad release", () -> call().body(Map.of("sha", PACKAGE_SHA, "release", "latest")).post("/record-package"));
        bad.put("unknown commit", () -> call().body(Map.of("package", "14.8.202202080920-0123456789a.4ce763dbce1")).post("/record-package"));
        bad.put("missing release issue", () -> call().body(Map.of("package", "15.2.202202080920-97d6e07c2a1.4ce763dbce1")).post("/record-package"));
        bad.put("body over the limit", () -> call().body("{\"package\": \"" + "9".repeat(1_100_000) + "\"}").post("/record-package"));
        bad.put("no secret", () -> given().contentType(ContentType.JSON).body(Map.of("package", PACKAGE)).post("/record-package"));
        bad.put("wrong secret", () -> given().header("Authorization", "Bearer nope").contentType(ContentType.JSON)
                .body(Map.of("package", PACKAGE)).post("/record-package"));

        int clear = 0;
        for (Map.Entry<String, Supplier<Response>> input : bad.entrySet()) {
            Response answer = input.getValue().get();
            assertThat(answer.statusCode()).as(input.getKey()).isBetween(400, 499);
            assertThat(answer.contentType()).as(input.getKey()).startsWith("application/json");
            assertThat(answer.jsonPath().getString("error")).as(input.getKey()).isNotBlank();
            clear++;
        }
        long writes = gitlab.requests().stream().filter(r -> r.startsWith("POST") || r.startsWith("DELETE")).count();
        FIGURES.put("bad", bad.size() + " bad inputs -> " + clear + " clear 4xx, " + writes + " writes");
        assertThat(writes).isZero();
        assertThat(releaseNotes()).isEmpty();
    }
}
