package com.gitlab.release.tracker.domain.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;

class PackageNoteTest {

    private static final PackageRecord RECORD = new PackageRecord("14.8.202202080920-97d6e07c2a1.4ce763dbce1",
            "97d6e07c2a1", "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
            List.of("db/post_migrate/20220201141705_cleanup.rb", "db/post_migrate/20220201173212_add_index.rb"));

    private static String render(PackageRecord record) {
        return PackageNote.render(record, "14.8.202202071520-5a1b2c3d4e5.1111111aaaa", "gstg-cny",
                "https://gitlab.com/gitlab-org/security/gitlab/-/compare/5a1b...97d6", Map.of());
    }

    @Test
    void rendersReadableMarkdownWithAHiddenMarker() {
        String body = render(RECORD);

        assertThat(body).startsWith("<!-- post-migration-tracker {");
        assertThat(body).contains("#### Post-deployment migrations in `14.8.202202080920-97d6e07c2a1.4ce763dbce1`");
        assertThat(body).contains("adds 2 post-deployment migrations compared with `14.8.202202071520-5a1b2c3d4e5.1111111aaaa` (then on `gstg-cny`)");
        assertThat(body).contains("([compare](https://gitlab.com/gitlab-org/security/gitlab/-/compare/5a1b...97d6))");
        assertThat(body).contains("- `db/post_migrate/20220201141705_cleanup.rb`\n- `db/post_migrate/20220201173212_add_index.rb`\n");
    }

    @Test
    void eachPostMigrationShowsWhatItDoesWhenItsFileWasRead() {
        String body = PackageNote.render(RECORD, "prev", null, null, Map.of(RECORD.postMigrations().get(0),
                new MigrationKind(MigrationKind.Database.CI, Optional.of(MigrationKind.BatchedMigrationStep.FINALIZE))));

        assertThat(body).contains("- `db/post_migrate/20220201141705_cleanup.rb` (ci · finalizes a batched background migration)\n"
                + "- `db/post_migrate/20220201173212_add_index.rb`\n");
    }

    @Test
    void anExecutionNoteIsNotAPackageNote() {
        RunRecord run = new RunRecord(new DatabaseEnvironment("db/gprd"), 42, "97d6e07c2a1", "5a1b2c3d4e5",
                Optional.empty(), RECORD.postMigrations());

        assertThat(PackageNote.parse(RunNote.render(run, null, Map.of(), Map.of()))).isEmpty();
        assertThat(RunNote.parse(render(RECORD))).isEmpty();
    }

    @Test
    void parsesWhatItWrites() {
        assertThat(PackageNote.parse(render(RECORD))).contains(RECORD);
    }

    @Test
    void parsingReadsOnlyTheMarkerSoEditsToTheTextDoNotMatter() {
        String body = render(RECORD);
        String marker = body.substring(0, body.indexOf("-->") + 3);

        assertThat(PackageNote.parse("Edited by @release-manager: see below\n\n" + marker + "\n\n- nothing here"))
                .contains(RECORD);
    }

    @Test
    void notesWithoutAMarkerAreNotPackageNotes() {
        assertThat(PackageNote.parse("Deployed 14.8.202202080920-97d6e07c2a1.4ce763dbce1 to gprd")).isEmpty();
        assertThat(PackageNote.parse("<!-- another-tool {\"package\":\"x\"} -->")).isEmpty();
        assertThat(PackageNote.parse(null)).isEmpty();
    }

    @Test
    void aBrokenMarkerIsReportedAsMalformed() {
        assertThatThrownBy(() -> PackageNote.parse("<!-- post-migration-tracker {\"package\": -->"))
                .isInstanceOf(NoteMarker.MalformedMarkerException.class);
        assertThatThrownBy(() -> PackageNote.parse("<!-- post-migration-tracker {\"v\":1} -->"))
                .isInstanceOf(NoteMarker.MalformedMarkerException.class).hasMessageContaining("names no package");
    }

    @Test
    void aCraftedFileNameCannotCloseTheMarkerNorMentionNorLink() {
        String evil = "db/post_migrate/20220101000000_x --> @all [click](https://evil.example) `code`.rb";
        PackageRecord record = new PackageRecord("pkg", "97d6e07c2a1", "5a1b2c3d4e5", List.of(evil));
        String body = render(record);

        assertThat(PackageNote.parse(body)).contains(record);
        String visible = body.substring(body.indexOf("-->") + 3);
        assertThat(visible).contains("\n- ``db/post_migrate/20220101000000_x --> @all [click](https://evil.example) `code`.rb``\n");
        assertThat(body.substring(0, body.indexOf("-->"))).doesNotContain(">");
    }

    @Test
    void codeSpansOutlastBackticksInTheText() {
        assertThat(Markdown.code("plain")).isEqualTo("`plain`");
        assertThat(Markdown.code("a`b")).isEqualTo("``a`b``");
        assertThat(Markdown.code("`edge")).isEqualTo("`` `edge ``");
        assertThat(Markdown.code("two\nlines")).isEqualTo("`two lines`");
    }

    @Test
    void theMarkerRecordsEachPostMigrationsRollbackRiskAndShowsIt() {
        String path = RECORD.postMigrations().get(1);
        MigrationKind kind = MigrationKind.classify(path, "class X < Gitlab::Database::Migration[2.2]\n  def up\n"
                + "    remove_column :users, :legacy_state\n  end\nend\n");

        String body = PackageNote.render(RECORD.withRollbackRisks(Map.of(path, kind)), "prev", null, null, Map.of(path, kind));

        assertThat(body).contains("- `" + path + "` (main · destructive: `remove_column users.legacy_state`)");
        assertThat(PackageNote.parse(body).orElseThrow().rollbackRisks())
                .containsEntry(path, new com.gitlab.release.tracker.domain.migrations.MigrationRisk("destructive",
                        List.of("remove_column users.legacy_state")));
    }

    @Test
    void aNoteWrittenBeforeRisksWereRecordedStillReads() {
        String older = "<!-- post-migration-tracker {\"v\":1,\"package\":\"" + RECORD.packageName() + "\",\"sha\":\"97d6e07c2a1\","
                + "\"postMigrations\":[\"" + RECORD.postMigrations().get(0) + "\"]} -->\n#### Post-deployment migrations";

        PackageRecord read = PackageNote.parse(older).orElseThrow();

        assertThat(read.postMigrations()).containsExactly(RECORD.postMigrations().get(0));
        assertThat(read.rollbackRisks()).isEmpty();
        assertThat(read.mergeRequests()).isEmpty();
    }
}
