package com.gitlab.release.tracker.domain.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;
import com.gitlab.release.tracker.domain.releases.UtcTime;

class RunNoteTest {

    private static final String PM_1 = "db/post_migrate/20220201141705_cleanup.rb";
    private static final String PM_2 = "db/post_migrate/20220201173212_add_index.rb";
    private static final RunRecord RUN = new RunRecord(new DatabaseEnvironment("db/gprd"), 4242,
            "97d6e07c2a1b2c3d", "5a1b2c3d4e5f6071", Optional.of(Instant.parse("2022-07-20T10:02:33Z")), List.of(PM_2, PM_1));

    @Test
    void rendersTheRunForPeopleWithItsPackagesAndKinds() {
        String body = RunNote.render(RUN, "https://gitlab.com/gitlab-org/release/tools/-/jobs/77",
                Map.of(PM_1, new Introduction("14.8.202202080920-97d6e07c2a1.4ce763dbce1", null)),
                Map.of(PM_1, new MigrationKind(MigrationKind.Database.CI, Optional.of(MigrationKind.BatchedMigrationStep.FINALIZE))));

        assertThat(body).startsWith("<!-- post-migration-tracker {\"v\":1,\"type\":\"execution\",\"environment\":\"db/gprd\",\"deploymentId\":4242");
        assertThat(body).contains("#### Post-deployment migrations executed on `gprd`");
        assertThat(body).contains("ran 2 post-deployment migrations on `db/gprd` at 2022-07-20 10:02 UTC (commit `97d6e07c2a1`,"
                + " [job](https://gitlab.com/gitlab-org/release/tools/-/jobs/77); previous run at `5a1b2c3d4e5`)");
        assertThat(body).contains("- `" + PM_1 + "` from `14.8.202202080920-97d6e07c2a1.4ce763dbce1` (ci · finalizes a batched background migration)\n"
                + "- `" + PM_2 + "` from an unknown package\n");
    }

    @Test
    void parsesWhatItWritesKeyedByEnvironmentAndDeployment() {
        RunRecord parsed = RunNote.parse(RunNote.render(RUN, null, Map.of(), Map.of())).orElseThrow();

        assertThat(parsed).isEqualTo(RUN);
        assertThat(parsed.sameRun(new DatabaseEnvironment("db/gprd"), 4242)).isTrue();
        assertThat(parsed.sameRun(new DatabaseEnvironment("db/gstg"), 4242)).isFalse();
        assertThat(parsed.sameRun(new DatabaseEnvironment("db/gprd"), 4243)).isFalse();
    }

    @Test
    void anExecutionMarkerWithoutItsKeyIsMalformed() {
        assertThatThrownBy(() -> RunNote.parse("<!-- post-migration-tracker {\"v\":1,\"type\":\"execution\",\"sha\":\"abc1234\"} -->"))
                .isInstanceOf(NoteMarker.MalformedMarkerException.class);
    }

    @Test
    void databaseEnvironmentsComeFromStagesAndTheirCanaries() {
        assertThat(DatabaseEnvironment.of("gprd")).isEqualTo(new DatabaseEnvironment("db/gprd"));
        assertThat(DatabaseEnvironment.of("gprd-cny")).isEqualTo(new DatabaseEnvironment("db/gprd"));
        assertThat(DatabaseEnvironment.of("db/gstg").stage()).isEqualTo("gstg");
        assertThatThrownBy(() -> DatabaseEnvironment.of(" ")).isInstanceOf(BadInputException.class);
    }

    @Test
    void readsGitLabsTimesInBothSpellings() {
        assertThat(UtcTime.parse("2022-07-20T10:02:33.123Z")).contains(Instant.parse("2022-07-20T10:02:33.123Z"));
        assertThat(UtcTime.parse("2021-04-28 21:50:00 +0200")).contains(Instant.parse("2021-04-28T19:50:00Z"));
        assertThat(UtcTime.parse("yesterday")).isEmpty();
        assertThat(UtcTime.human(Instant.parse("2022-07-20T10:02:33Z"))).isEqualTo("2022-07-20 10:02 UTC");
    }
}
