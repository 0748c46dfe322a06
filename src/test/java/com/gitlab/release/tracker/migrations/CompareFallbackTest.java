package com.gitlab.release.tracker.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.FaultKind;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CompareFallbackTest extends FunctionTest {

    private static final String BIG_BASE = "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0";
    private static final String BIG_NEW = "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1";
    private static final String ADDED = "db/post_migrate/20220205000000_swap_big_table_columns.rb";

    /** 150 old post-migrations in the folder at both commits, so each listing spans two pages. */
    private void bigRepository() {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            files.add(String.format("db/post_migrate/2021%010d_old_migration_%d.rb", i, i));
        }
        files.add("ee/db/geo/post_migrate/20210101000000_geo_cleanup.rb");
        gitlab.project(SOURCE).commit(BIG_BASE, files);
        gitlab.project(SOURCE).commit(BIG_NEW, BIG_BASE, ADDED, "db/post_migrate/README.md");
    }

    @Test
    void compareTimeoutFallsBackToListingTheFolders() {
        bigRepository();
        gitlab.project(SOURCE).compareTimesOut(BIG_BASE, BIG_NEW);

        call().body(Map.of("sha", BIG_NEW, "previous", BIG_BASE, "release", "14.8")).post("/record-package")
                .then().statusCode(200)
                .body("postMigrations.path", contains(ADDED))
                .body("note.status", equalTo("created"));

        assertThat(gitlab.requests()).anyMatch(r -> r.contains("/repository/tree?") && r.contains("page_token="));
    }

    @Test
    void aCompareThatKeepsFailingFallsBackToListingTheFolders() {
        bigRepository();
        gitlab.failNext("GET", "/repository/compare", 100, FaultKind.BAD_GATEWAY);

        call().body(Map.of("sha", BIG_NEW, "previous", BIG_BASE, "release", "14.8", "dryRun", true))
                .post("/record-package")
                .then().statusCode(200).body("postMigrations.path", contains(ADDED));
    }

    @Test
    void aCompareThatFailsOnceIsRetried() {
        gitlab.failNext("GET", "/repository/compare", 2, FaultKind.UNAVAILABLE);

        call().body(Map.of("package", PACKAGE, "dryRun", true)).post("/record-package")
                .then().statusCode(200).body("postMigrations.path", contains(PM_1, PM_2));
        assertThat(gitlab.requests()).filteredOn(r -> r.contains("/repository/compare")).hasSize(3);
        assertThat(gitlab.requests()).noneMatch(r -> r.contains("/repository/tree"));
    }

    @Test
    void anUnknownCommitIs404() {
        call().body(Map.of("package", "14.8.202202080920-0123456789a.4ce763dbce1")).post("/record-package")
                .then().statusCode(404).body("error", containsString("0123456789a"));
    }

    @Test
    void whenCompareAndListingBothKeepFailingTheAnswerIs502() {
        gitlab.failNext("GET", "/repository/", 1000, FaultKind.SERVER_ERROR);

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(502).body("error", containsString("GitLab answered 500"));
        assertThat(releaseNotes()).isEmpty();
    }
}
