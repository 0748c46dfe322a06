package com.gitlab.release.tracker.domain.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The classifier on real post-deployment migrations from GitLab's history (the public mirror gitlabhq/gitlabhq,
 * copied as data under src/test/resources/fixtures/gitlabhq with their commits, listed in its README): each database
 * schema GitLab.com has now, the batched background migration steps as release managers meet them, and every
 * rollback risk class, hard ones among them: a {@code return unless Gitlab.com?} guard, several operations in one
 * file, SQL in {@code execute}, model code, unfamiliar helpers, an empty {@code up}, work left in {@code down}.
 */
class RealPostMigrationsTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/gitlabhq");

    private static MigrationKind classify(String file) throws IOException {
        String path = "db/post_migrate/" + file;
        return MigrationKind.classify(path, Files.readString(FIXTURES.resolve(path)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // destructive
            "20161128170531_drop_user_activities_table.rb | main | '' | destructive | drop_table user_activities",
            "20170828170516_remove_user_external_mail_columns.rb | main | '' | destructive | remove_column users.external_email",
            "20240617161753_remove_imported_column_on_resource_milestone_events.rb | main | '' | destructive | remove_column resource_milestone_events.imported",
            "20231225133628_remove_due_date_column_from_vulnerabilities.rb | main | '' | destructive | remove_column vulnerabilities.due_date",
            "20170511100900_cleanup_rename_web_hooks_build_events_to_job_events.rb | main | '' | destructive | cleanup_concurrent_column_rename web_hooks.build_events -> job_events",
            "20160824121037_change_personal_access_tokens_default_back_to_empty_array.rb | main | '' | destructive | change_column_default personal_access_tokens.scopes",
            "20170815060945_remove_duplicate_mr_events.rb | main | '' | destructive | delete_all events",
            "20170828124518_downcase_gpg_key_user_email_on_gpg_signatures.rb | main | '' | destructive | update_all gpg_signatures",
            // SQL in execute, and a foreign key in the same file: the gravest wins
            "20170510101043_add_foreign_key_on_pipeline_schedule_owner.rb | main | '' | destructive | execute UPDATE ci_pipeline_schedules",
            // custom SQL, but the rows it runs against are deleted through Arel in a helper method
            "20161121090906_delete_soft_deleted_entities.rb | main | '' | destructive | Arel::DeleteManager (deletes rows)",
            // writes
            "20170206101030_validate_foreign_keys_on_timelogs.rb | main | '' | writes | execute ALTER TABLE timelogs (adds or validates a constraint)",
            "20170516181025_add_constraints_to_issue_assignees_table.rb | main | '' | writes | change_column_null issue_assignees.issue_id NOT NULL",
            "20241008163123_add_project_id_not_null_constraint_to_ci_stages.rb | main | '' | writes | add_not_null_constraint p_ci_stages.project_id",
            // index
            "20170526185901_remove_stage_id_index_from_builds.rb | main | '' | index | remove_foreign_key ci_builds(stage_id)",
            "20180212102028_remove_tmp_partial_null_index_from_builds.rb | main | '' | index | remove_concurrent_index_by_name ci_builds tmp_stage_id_partial_null_index",
            // none
            "20170526185858_create_index_in_pipeline_stages.rb | main | '' | none | add_concurrent_index ci_stages(pipeline_id, name)",
            "20240829160131_index_p_ci_runner_machine_builds_on_project_id.rb | main | '' | none | add_concurrent_partitioned_index p_ci_runner_machine_builds(project_id)",
            "20230130075434_schedule_tmp_index_to_ci_build_report_results.rb | main | '' | none | prepare_async_index ci_build_report_results(partition_id, build_id)",
            "20250529232931_async_remove_index_ci_build_report_results_on_partition_id_build_id.rb | main | '' | none | prepare_async_index_removal ci_build_report_results(partition_id, build_id)",
            "20170621102400_add_stage_id_index_to_builds.rb | main | '' | none | ''",
            "20241211202308_queue_backfill_onboarding_status_role.rb | main | '' | none | ''",
            "20220602070502_queue_backfill_project_feature_package_registry_access_level.rb | main | queue | none | queue_batched_background_migration BackfillProjectFeaturePackageRegistryAccessLevel",
            "20250320184436_requeue_backfill_onboarding_status_role.rb | main | queue | none | delete_batched_background_migration BackfillOnboardingStatusRole",
            "20240122133457_finalize_backfill_partition_id_ci_pipeline_config.rb | ci | finalize | none | ensure_batched_background_migration_is_finished BackfillPartitionIdCiPipelineConfig",
            "20240529070237_finalize_backfill_partition_id_ci_daily_build_group_report_result.rb | ci | finalize | none | ensure_batched_background_migration_is_finished BackfillPartitionIdCiDailyBuildGroupReportResult",
            "20250610152957_finalize_backfill_bulk_import_export_batches_group_id.rb | main | finalize | none | ensure_batched_background_migration_is_finished BackfillBulkImportExportBatchesGroupId",
            "20251003232533_finalize_hk_backfill_analyzer_project_statuses.rb | sec | finalize | none | ensure_batched_background_migration_is_finished BackfillAnalyzerProjectStatuses",
            "20260120231710_finalize_hk_backfill_partitioned_uploads.rb | main | finalize | none | ensure_batched_background_migration_is_finished BackfillPartitionedUploads",
            "20260126123656_finalize_hk_remove_experiments_from_user_details_onboarding_status.rb | main | finalize | none | ensure_batched_background_migration_is_finished RemoveExperimentsFromUserDetailsOnboardingStatus",
            // unknown
            "20170627101016_schedule_event_migrations.rb | main | '' | unknown | unfamiliar helper BackgroundMigrationWorker.bulk_perform_async",
            "20170406111121_clean_upload_symlinks.rb | main | '' | unknown | unfamiliar helper FileUtils.rm",
    })
    void classifiesGitLabsOwnFiles(String file, String database, String step, String risk, String operation) throws IOException {
        MigrationKind kind = classify(file);

        assertThat(kind.database().value()).isEqualTo(database);
        assertThat(kind.batchedBackgroundMigration().map(MigrationKind.BatchedMigrationStep::value).orElse(""))
                .as("an up that is a no-op does nothing; a re-queue deletes then queues").isEqualTo(step);
        assertThat(kind.rollbackRisk().value()).isEqualTo(risk);
        if (operation.isEmpty()) {
            assertThat(kind.operations()).as("nothing in up").isEmpty();
        } else {
            assertThat(kind.operations()).contains(operation);
        }
    }

    @Test
    void everyFixtureIsClassifiedAndEveryClassIsAmongThem() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES.resolve("db/post_migrate"))) {
            var risks = files.map(path -> {
                try {
                    return classify(path.getFileName().toString()).rollbackRisk();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(risks).hasSizeGreaterThanOrEqualTo(30).containsAll(java.util.List.of(RollbackRisk.values()));
        }
    }

    @Test
    void severalOperationsInOneFileAreAllListedInOrder() throws IOException {
        assertThat(classify("20170526185901_remove_stage_id_index_from_builds.rb").operations())
                .containsExactly("remove_foreign_key ci_builds(stage_id)", "remove_concurrent_index ci_builds(stage_id)");
        assertThat(classify("20170510101043_add_foreign_key_on_pipeline_schedule_owner.rb").operations())
                .containsExactly("execute UPDATE ci_pipeline_schedules", "add_concurrent_foreign_key ci_pipeline_schedules(owner_id) -> users");
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
