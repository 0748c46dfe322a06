package com.gitlab.release.tracker.domain.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.domain.migrations.MigrationKind.BatchedMigrationStep;
import com.gitlab.release.tracker.domain.migrations.MigrationKind.Database;

/** Classification of post-migration files shaped like GitLab's own. */
class MigrationKindTest {

    private static final String PATH = "db/post_migrate/20230101000000_x.rb";

    @Test
    void aPlainIndexMigrationRunsOnMainAndTouchesNoBackgroundMigration() {
        MigrationKind kind = MigrationKind.classify(PATH, """
                # frozen_string_literal: true

                class AddUserDetailsProvisioningIndex < Gitlab::Database::Migration[2.1]
                  disable_ddl_transaction!

                  def up
                    add_concurrent_index :user_details, [:provisioned_by_group_id, :user_id], name: INDEX_NAME
                  end

                  def down
                    remove_concurrent_index_by_name :user_details, INDEX_NAME
                  end
                end
                """);

        assertThat(kind.database()).isEqualTo(Database.MAIN);
        assertThat(kind.batchedBackgroundMigration()).isEmpty();
        assertThat(kind.rollbackRisk()).isEqualTo(RollbackRisk.NONE);
        assertThat(kind.operations()).containsExactly("add_concurrent_index user_details(provisioned_by_group_id, user_id)");
        assertThat(kind.describe()).isEqualTo("main");
    }

    @Test
    void aCiSchemaMigrationThatEnsuresABackgroundMigrationFinishedFinalizesOnCi() {
        MigrationKind kind = MigrationKind.classify(PATH, """
                class FinalizeCiBuildsBackfill < Gitlab::Database::Migration[2.1]
                  restrict_gitlab_migration gitlab_schema: :gitlab_ci

                  def up
                    ensure_batched_background_migration_is_finished(
                      job_class_name: 'BackfillCiBuilds', table_name: :ci_builds, column_name: :id, job_arguments: [])
                  end

                  def down; end
                end
                """);

        assertThat(kind.database()).isEqualTo(Database.CI);
        assertThat(kind.batchedBackgroundMigration()).contains(BatchedMigrationStep.FINALIZE);
        assertThat(kind.rollbackRisk()).isEqualTo(RollbackRisk.NONE);
        assertThat(kind.describe()).isEqualTo("ci · finalizes a batched background migration");
    }

    @Test
    void finalizeBatchedBackgroundMigrationAlsoFinalizes() {
        assertThat(MigrationKind.classify(PATH, "def up\n  finalize_batched_background_migration(job_class_name: 'X')\nend\n")
                .batchedBackgroundMigration()).contains(BatchedMigrationStep.FINALIZE);
    }

    @Test
    void queueingInUpWinsOverTheDeleteInDown() {
        MigrationKind kind = MigrationKind.classify(PATH, """
                class QueueBackfillNamespaceDetails < Gitlab::Database::Migration[2.1]
                  restrict_gitlab_migration gitlab_schema: :gitlab_main

                  def up
                    queue_batched_background_migration(MIGRATION, :namespaces, :id, job_interval: DELAY_INTERVAL)
                  end

                  def down
                    delete_batched_background_migration(MIGRATION, :namespaces, :id, [])
                  end
                end
                """);

        assertThat(kind.database()).isEqualTo(Database.MAIN);
        assertThat(kind.batchedBackgroundMigration()).contains(BatchedMigrationStep.QUEUE);
        assertThat(kind.operations()).containsExactly("queue_batched_background_migration MIGRATION");
    }

    @Test
    void aMigrationThatOnlyDeletesInUpDeletes() {
        MigrationKind kind = MigrationKind.classify(PATH, """
                class RemoveOldBackfill < Gitlab::Database::Migration[2.1]
                  def up
                    delete_batched_background_migration(MIGRATION, :issues, :id, [])
                  end

                  def down
                    # no-op: queue_batched_background_migration is not restored
                  end
                end
                """);

        assertThat(kind.batchedBackgroundMigration()).contains(BatchedMigrationStep.DELETE);
    }

    @Test
    void commentedOutCallsDoNotCount() {
        MigrationKind kind = MigrationKind.classify(PATH, """
                class Noop < Gitlab::Database::Migration[2.1]
                  # restrict_gitlab_migration gitlab_schema: :gitlab_ci
                  def up
                    # queue_batched_background_migration(MIGRATION, :ci_builds, :id)
                  end
                end
                """);

        assertThat(kind.database()).isEqualTo(Database.MAIN);
        assertThat(kind.batchedBackgroundMigration()).isEmpty();
        assertThat(kind.rollbackRisk()).as("an empty up").isEqualTo(RollbackRisk.NONE);
        assertThat(kind.operations()).isEmpty();
    }

    @Test
    void aChangeMethodIsReadLikeUp() {
        assertThat(MigrationKind.classify(PATH, "def change\n  queue_batched_background_migration('X', :t, :id)\nend\n")
                .batchedBackgroundMigration()).contains(BatchedMigrationStep.QUEUE);
    }

    @Test
    void geoFolderMeansTheGeoDatabase() {
        MigrationKind kind = MigrationKind.classify("ee/db/geo/post_migrate/20230101000000_geo_cleanup.rb",
                "class GeoCleanup < Gitlab::Database::Migration[2.1]\n  def up\n    remove_column :registry, :x\n  end\nend\n");

        assertThat(kind.database()).isEqualTo(Database.GEO);
    }
}
