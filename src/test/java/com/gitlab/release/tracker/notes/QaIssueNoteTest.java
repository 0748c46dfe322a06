package com.gitlab.release.tracker.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;
import com.gitlab.release.tracker.demo.DemoHistory;
import com.gitlab.release.tracker.demo.GitLabWorld;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With TRACKER_QA_ISSUE_NOTES, the package's QA issue gets exactly one note naming who brought its post-migrations. */
@QuarkusTest
@TestProfile(QaIssueNoteTest.QaIssueNotes.class)
class QaIssueNoteTest extends FunctionTest {

    public static class QaIssueNotes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.qa-issue-notes", "true");
        }
    }

    private static final long QA_IID = 3001;

    @BeforeEach
    void demoHistory() {
        gitlab.reset();
        DemoHistory.seed(gitlab);
    }

    @Test
    void theQaIssueGetsOneNoteWithTheMergeRequests() {
        GitLabWorld.Issue qa = gitlab.project(DemoHistory.RELEASES).issue(QA_IID, DemoHistory.PACKAGE_2 + " QA Issue");

        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200)
                .body("note.status", equalTo("created"))
                .body("qaNote.status", equalTo("created"));
        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200)
                .body("qaNote.status", equalTo("exists"));

        assertThat(qa.notes()).singleElement().satisfies(note -> assertThat(note.body())
                .contains("\"type\":\"qa\"", DemoHistory.QUEUE, "[!" + DemoHistory.MR_QUEUE + "]", "by `lee.w`, `group::tenant scale`")
                .doesNotContain("@lee.w"));
        // The QA note is no package note: the release issue's record is unchanged.
        call().body(Map.of("migration", "20220207100000")).post("/which-package").then().statusCode(200)
                .body("found.size()", equalTo(1));
    }

    @Test
    void withoutAQaIssueNothingIsWrittenThereAndNothingFails() {
        call().body(Map.of("package", DemoHistory.PACKAGE_2)).post("/record-package").then().statusCode(200)
                .body("note.status", equalTo("created"))
                .body("qaNote.status", equalTo("none"));
    }

    @Test
    void aDryRunWritesNoQaNote() {
        gitlab.project(DemoHistory.RELEASES).issue(QA_IID, DemoHistory.PACKAGE_2 + " QA Issue");
        call().body(Map.of("package", DemoHistory.PACKAGE_2, "dryRun", true)).post("/record-package").then().statusCode(200)
                .body("qaNote", nullValue());
        assertThat(gitlab.project(DemoHistory.RELEASES).issue(QA_IID).notes()).isEmpty();
    }
}
