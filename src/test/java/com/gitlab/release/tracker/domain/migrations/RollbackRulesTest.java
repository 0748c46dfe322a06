package com.gitlab.release.tracker.domain.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rollback risk rule, by name, on the smallest {@code up} that shows it; and the class of a whole file. */
class RollbackRulesTest {

    private static final Set<String> TESTED = new HashSet<>();

    private static String migration(String up) {
        return "class X < Gitlab::Database::Migration[2.2]\n  milestone '17.6'\n  disable_ddl_transaction!\n\n"
                + "  TABLE_NAME = :users\n  COLUMNS = %i[state name]\n\n  def up\n    " + up.replace("\\n", "\n    ")
                + "\n  end\n\n  def down\n    drop_table :everything\n  end\nend\n";
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', value = {
            "remove-column ; remove_column :users, :legacy_state ; destructive ; remove_column users.legacy_state",
            "remove-column ; remove_columns :users, :a, :b ; destructive ; remove_columns users(a, b)",
            "drop-table ; drop_table :ci_old_things, if_exists: true ; destructive ; drop_table ci_old_things",
            "rename ; rename_column :users, :name, :full_name ; destructive ; rename_column users.name -> full_name",
            "rename ; finalize_table_rename :old_things, :things ; destructive ; finalize_table_rename old_things",
            "rename ; cleanup_concurrent_column_rename :users, :a, :b ; destructive ; cleanup_concurrent_column_rename users.a -> b",
            "change-column ; change_column_default TABLE_NAME, :state, from: 0, to: 1 ; destructive ; change_column_default users.state",
            "change-column ; cleanup_concurrent_column_type_change :users, :state ; destructive ; cleanup_concurrent_column_type_change users.state",
            "column-swap ; cleanup_conversion_of_integer_to_bigint :ci_builds, :id ; destructive ; cleanup_conversion_of_integer_to_bigint ci_builds.id",
            "column-swap ; swap_primary_key(:ci_builds, :ci_builds_pkey, :index_new) ; destructive ; swap_primary_key ci_builds",
            "data-rewrite ; update_column_in_batches(:users, :state, 1) ; destructive ; update_column_in_batches users.state",
            "data-rewrite ; truncate_tables!('ci_old') ; destructive ; truncate_tables! ci_old",
            "data-deleted ; define_batchable_model(:ci_jobs).each_batch do |batch|\\n  batch.where(old: true).delete_all\\nend ; destructive ; delete_all ci_jobs",
            "data-rewritten ; Project.where(archived: nil).update_all(archived: false) ; destructive ; update_all Project",
            "not-null ; add_not_null_constraint :users, :state, validate: false ; writes ; add_not_null_constraint users.state",
            "not-null ; validate_not_null_constraint :users, :state ; writes ; validate_not_null_constraint users.state",
            "not-null ; change_column_null :users, :state, false ; writes ; change_column_null users.state NOT NULL",
            "not-null ; change_column_null :users, :state, true ; index ; change_column_null users.state NULL",
            "check-constraint ; add_text_limit :users, :bio, 255 ; writes ; add_text_limit users.bio",
            "check-constraint ; add_check_constraint :users, 'state > 0', 'check_state' ; writes ; add_check_constraint users check_state",
            "foreign-key ; add_concurrent_foreign_key :issues, :projects, column: :project_id, on_delete: :cascade ; writes ; add_concurrent_foreign_key issues(project_id) -> projects",
            "foreign-key ; validate_foreign_key :issues, :project_id ; writes ; validate_foreign_key issues(project_id)",
            "unique-index ; add_concurrent_index TABLE_NAME, COLUMNS, unique: true, name: 'idx' ; writes ; add_concurrent_index users(state, name) unique",
            "remove-index ; remove_concurrent_index_by_name :users, 'index_users_on_state' ; index ; remove_concurrent_index_by_name users index_users_on_state",
            "remove-constraint ; remove_foreign_key_if_exists :issues, column: :project_id ; index ; remove_foreign_key_if_exists issues(project_id)",
            "remove-constraint ; remove_not_null_constraint :users, :state ; index ; remove_not_null_constraint users.state",
            "add-index ; add_concurrent_index :users, :state, name: 'index_users_on_state' ; none ; add_concurrent_index users(state)",
            "async-preparation ; prepare_async_index :users, :state, name: 'index_users_on_state' ; none ; prepare_async_index users(state)",
            "background-migration ; queue_batched_background_migration('BackfillX', :users, :id) ; none ; queue_batched_background_migration BackfillX",
            "background-migration ; ensure_batched_background_migration_is_finished(job_class_name: 'BackfillX', table_name: :users, column_name: :id, job_arguments: []) ; none ; ensure_batched_background_migration_is_finished BackfillX",
            "additive-schema ; add_column :users, :nickname, :text ; none ; add_column users.nickname",
            "sql-data-deleted ; execute('DELETE FROM ci_old WHERE true') ; destructive ; execute DELETE FROM ci_old",
            "sql-data-rewritten ; execute <<~SQL\\n  UPDATE users SET state = 1\\nSQL ; destructive ; execute UPDATE users",
            "sql-drop ; execute 'DROP VIEW IF EXISTS old_view' ; destructive ; execute DROP VIEW IF",
            "sql-remove-index ; execute 'DROP INDEX CONCURRENTLY IF EXISTS idx' ; index ; execute DROP INDEX CONCURRENTLY",
            "sql-unique-index ; execute 'CREATE UNIQUE INDEX CONCURRENTLY idx ON users (lower(name))' ; writes ; execute CREATE UNIQUE INDEX",
            "sql-additive ; execute 'CREATE INDEX CONCURRENTLY idx ON users (lower(name))' ; none ; execute CREATE INDEX CONCURRENTLY",
            "sql-alter-column ; execute 'ALTER TABLE users DROP COLUMN old' ; destructive ; execute ALTER TABLE users (drops, renames or changes a column)",
            "sql-constraint ; execute 'ALTER TABLE users VALIDATE CONSTRAINT check_x' ; writes ; execute ALTER TABLE users (adds or validates a constraint)",
            "sql-remove-constraint ; execute 'ALTER TABLE users DROP CONSTRAINT check_x' ; index ; execute ALTER TABLE users (drops a constraint)",
            "sql-bookkeeping ; execute 'ANALYZE users' ; none ; execute ANALYZE users",
            "custom-sql ; execute 'CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f()' ; unknown ; execute CREATE TRIGGER t",
            "custom-sql ; connection.exec_query(sql) ; unknown ; connection.exec_query (SQL built elsewhere)",
            "model-code ; setting = ApplicationSetting.last\\nsetting.update!(x: 1) ; unknown ; model code: setting.update!",
            "unfamiliar-helper ; create_or_update_plan_limit('ci_pipeline_size', 'free', 100) ; unknown ; unfamiliar helper create_or_update_plan_limit",
            "unfamiliar-helper ; Gitlab::BackgroundMigration.steal('X') ; unknown ; unfamiliar helper Gitlab::BackgroundMigration.steal",
            "data-rewritten ; define_batchable_model(:ci_jobs).each_batch do |batch|\\n  batch.update_all(old: false)\\nend ; destructive ; update_all ci_jobs",
            "sql-data-deleted ; execute('TRUNCATE ci_old') ; destructive ; execute TRUNCATE CI_OLD",
            "dynamic-call ; connection.send(:remove_column, :users, :old) ; unknown ; runs code the file does not show: connection.send",
            "unreadable ; x = y /2\\nremove_column :users, :old ; unknown ; not read with certainty: a / that starts a regular expression or divides, by what Ruby knows of its locals",
    })
    void eachRule(String rule, String up, String risk, String operation) {
        List<RollbackRules.Effect> effects = MigrationKind.effects(migration(up));

        assertThat(effects).as(up).anySatisfy(effect -> {
            assertThat(effect.rule().ruleName()).isEqualTo(rule);
            assertThat(effect.risk().value()).isEqualTo(risk);
            assertThat(effect.operation()).isEqualTo(operation);
        });
        TESTED.add(rule);
    }

    @AfterAll
    static void everyRuleHasItsExample() {
        assertThat(TESTED).containsAll(java.util.Arrays.stream(RuleName.values()).map(RuleName::ruleName).toList());
    }

    @Test
    void docsNameEveryRule() throws java.io.IOException {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("docs/notes.md"));

        assertThat(java.util.Arrays.stream(RuleName.values())).allMatch(rule -> docs.contains("`" + rule.ruleName() + "`"),
                "named in docs/notes.md");
    }

    @Test
    void theGravestOperationClassesTheFileAndUnknownWeighsBeforeWrites() {
        assertThat(risk("add_concurrent_index :users, :state\\nremove_column :users, :old")).isEqualTo(RollbackRisk.DESTRUCTIVE);
        assertThat(risk("add_not_null_constraint :users, :state\\nmystery_helper(:users)")).isEqualTo(RollbackRisk.UNKNOWN);
        assertThat(risk("remove_concurrent_index :users, :state\\nadd_text_limit :users, :bio, 255")).isEqualTo(RollbackRisk.WRITES);
        assertThat(risk("remove_concurrent_index :users, :state\\nadd_concurrent_index :users, :name")).isEqualTo(RollbackRisk.INDEX);
        assertThat(risk("# no-op")).isEqualTo(RollbackRisk.NONE);
    }

    @Test
    void aGuardedOperationStillCounts() {
        assertThat(risk("return unless Gitlab.com?\\n\\nremove_column :users, :old")).isEqualTo(RollbackRisk.DESTRUCTIVE);
        assertThat(risk("return if Gitlab.com_except_jh?\\nadd_concurrent_index :users, :name")).isEqualTo(RollbackRisk.NONE);
    }

    @Test
    void whatDownDoesAndWhatCommentsSayDoNotCount() {
        MigrationKind kind = MigrationKind.classify("db/post_migrate/20250101000000_x.rb", migration(
                "# remove_column :users, :old\\nadd_concurrent_index :users, :name # remove_column later"));

        assertThat(kind.rollbackRisk()).isEqualTo(RollbackRisk.NONE);
        assertThat(kind.operations()).containsExactly("add_concurrent_index users(name)");
    }

    @Test
    void aHeredocInDownDoesNotEndItEarly() {
        String source = "class X < Gitlab::Database::Migration[2.2]\n  def up\n    add_concurrent_index :users, :name\n  end\n\n"
                + "  def down\n    execute <<~SQL\n  end\n      DROP TABLE users\n    SQL\n    drop_table :users\n  end\nend\n";

        assertThat(MigrationKind.classify("db/post_migrate/20250101000000_x.rb", source).rollbackRisk()).isEqualTo(RollbackRisk.NONE);
    }

    @Test
    void aFileOverTheBoundIsUnknownWithItsReasonAndItsDatabase() {
        String source = "class X < Gitlab::Database::Migration[2.2]\n  restrict_gitlab_migration gitlab_schema: :gitlab_ci\n"
                + "  def up\n" + "    add_concurrent_index :ci_builds, :name\n".repeat(8_000) + "  end\nend\n";

        MigrationKind kind = MigrationKind.classify("db/post_migrate/20250101000000_x.rb", source);

        assertThat(source.length()).isGreaterThan(MigrationKind.MAX_SOURCE);
        assertThat(kind.rollbackRisk()).isEqualTo(RollbackRisk.UNKNOWN);
        assertThat(kind.database()).isEqualTo(MigrationKind.Database.CI);
        assertThat(kind.operations()).singleElement().asString().startsWith("not read whole: " + source.length() + " characters");
    }

    @Test
    void tooManyCallsAreNotAllRead() {
        List<RollbackRules.Effect> effects = MigrationKind.effects(migration("add_concurrent_index :users, :name\\n".repeat(2_100)));

        assertThat(effects).anySatisfy(effect -> {
            assertThat(effect.rule()).isEqualTo(RuleName.TOO_LARGE);
            assertThat(effect.risk()).isEqualTo(RollbackRisk.UNKNOWN);
        });
        TESTED.add(RuleName.TOO_LARGE.ruleName());
    }

    @Test
    void manyOperationsAreCountedBeyondTheList() {
        StringBuilder up = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            up.append("remove_column :users, :c").append(i).append("\\n");
        }
        assertThat(MigrationKind.classify("db/post_migrate/20250101000000_x.rb", migration(up.toString())).operations())
                .hasSize(MigrationKind.MAX_OPERATIONS).last().isEqualTo("… and 11 more");
    }

    private static RollbackRisk risk(String up) {
        return MigrationKind.classify("db/post_migrate/20250101000000_x.rb", migration(up)).rollbackRisk();
    }
}
