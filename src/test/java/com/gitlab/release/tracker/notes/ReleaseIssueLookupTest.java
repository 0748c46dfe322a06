package com.gitlab.release.tracker.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ReleaseIssueLookupTest extends FunctionTest {

    @Test
    void aTitleThatOnlyStartsWithTheReleaseIsNotTheReleaseIssue() {
        gitlab.project(RELEASES).issue(2002, "Release 14.8 retrospective");

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.url", containsString("/-/issues/" + RELEASE_IID + "#note_"));
        assertThat(gitlab.project(RELEASES).issue(2002).notes()).isEmpty();
    }

    @Test
    void aClosedReleaseIssueStillCounts() {
        gitlab.project(RELEASES).issues().remove(RELEASE_IID);
        gitlab.project(RELEASES).issue(3000, "Release 14.8", "closed");

        call().body(Map.of("package", PACKAGE)).post("/record-package")
                .then().statusCode(200).body("note.url", containsString("/-/issues/3000#note_"));
    }

    @Test
    void missingReleaseIssueIs404AndWritesNothing() {
        call().body(Map.of("package", "14.9.202203080920-97d6e07c2a1.4ce763dbce1")).post("/record-package")
                .then().statusCode(404)
                .body("error", containsString("no issue titled 'Release 14.9' in " + RELEASES));
        assertThat(gitlab.requests()).noneMatch(r -> r.startsWith("POST"));
    }

    @Test
    void issueMayBeNamedByIid() {
        gitlab.project(RELEASES).issue(4242, "Post-deploy migration tracking");

        call().body(Map.of("package", PACKAGE, "issue", 4242)).post("/record-package")
                .then().statusCode(200).body("note.url", containsString("/-/issues/4242#note_"));
        assertThat(releaseNotes()).isEmpty();
    }

    @Test
    void unknownIssueIidIs404() {
        call().body(Map.of("package", PACKAGE, "issue", 999)).post("/record-package")
                .then().statusCode(404).body("error", containsString("issue #999 does not exist in " + RELEASES));
    }

    @Test
    void shaOnlyCallUsesTheGivenRelease() {
        gitlab.project(RELEASES).issue(2100, "Release 14.9");

        call().body(Map.of("sha", PACKAGE_SHA, "release", "14.8")).post("/record-package")
                .then().statusCode(200)
                .body("package", equalTo(PACKAGE_SHA))
                .body("note.url", containsString("/-/issues/" + RELEASE_IID + "#note_"));
    }

    @Test
    void shaOnlyCallWithoutReleaseUsesTheNewestOpenReleaseIssue() {
        gitlab.project(RELEASES).issue(2100, "Release 14.9");
        gitlab.project(RELEASES).issue(2101, "Release 14.10 retrospective");
        gitlab.project(RELEASES).issue(1900, "Release 14.10", "closed");

        call().body(Map.of("sha", PACKAGE_SHA)).post("/record-package")
                .then().statusCode(200).body("note.url", endsWith("/-/issues/2100#note_" + gitlab.project(RELEASES).issue(2100).notes().get(0).id()));
    }

}
