package com.gitlab.release.tracker.domain.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The classifier on real post-deployment migrations from GitLab's history (the public mirror gitlabhq/gitlabhq,
 * copied as data under src/test/resources/fixtures/gitlabhq with their commits): one per database schema GitLab.com
 * has now, and the batched background migration steps as release managers meet them.
 */
class RealPostMigrationsTest {

    @ParameterizedTest
    @CsvSource({
            "20251003232533_finalize_hk_backfill_analyzer_project_statuses.rb, sec, finalize",
            "20240122133457_finalize_backfill_partition_id_ci_pipeline_config.rb, ci, finalize",
            "20250610152957_finalize_backfill_bulk_import_export_batches_group_id.rb, main, finalize",
            "20260120231710_finalize_hk_backfill_partitioned_uploads.rb, main, finalize",
            "20220602070502_queue_backfill_project_feature_package_registry_access_level.rb, main, queue",
            "20250320184436_requeue_backfill_onboarding_status_role.rb, main, queue",
            "20241211202308_queue_backfill_onboarding_status_role.rb, main, ''",
    })
    void classifiesGitLabsOwnFiles(String file, String database, String step) throws IOException {
        String path = "db/post_migrate/" + file;
        String source = Files.readString(Path.of("src/test/resources/fixtures/gitlabhq", path));

        MigrationKind kind = MigrationKind.classify(path, source);

        assertThat(kind.database().value()).isEqualTo(database);
        assertThat(kind.batchedBackgroundMigration().map(MigrationKind.BatchedMigrationStep::value).orElse(""))
                .as("an up that is a no-op does nothing; a re-queue deletes then queues").isEqualTo(step);
    }

    @ParameterizedTest
    @CsvSource({
            "'restrict_gitlab_migration gitlab_schema: :gitlab_main_cell', main",
            "'restrict_gitlab_migration gitlab_schema: :gitlab_main_clusterwide', main",
            "'restrict_gitlab_migration(gitlab_schema: :gitlab_sec)', sec",
            "'# restrict_gitlab_migration gitlab_schema: :gitlab_ci', main",
    })
    void theSchemaDecidesTheDatabase(String line, String database) {
        String source = "class X < Gitlab::Database::Migration[2.3]\n  " + line + "\n\n  def up\n  end\nend\n";
        assertThat(MigrationKind.classify("db/post_migrate/20250101000000_x.rb", source).database().value()).isEqualTo(database);
        assertThat(MigrationKind.classify("ee/db/geo/post_migrate/20250101000000_x.rb", source).database().value()).isEqualTo("geo");
    }
}
