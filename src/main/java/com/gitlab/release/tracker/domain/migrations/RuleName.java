package com.gitlab.release.tracker.domain.migrations;

/**
 * Every rule that classifies what a post-migration does to older code ({@link RollbackRules}), in one list: its name
 * as answers, tests and docs/notes.md spell it, and its doc line. {@code RollbackRulesTest} runs an example of each
 * and fails for a rule without one; it also checks that docs/notes.md names every rule.
 */
public enum RuleName {
    REMOVE_COLUMN("remove-column", "remove_column(s), remove_reference, remove_timestamps: a column older code may read is gone"),
    DROP_TABLE("drop-table", "drop_table, drop_view...: a table older code may use is gone"),
    RENAME("rename", "rename_column, rename_table, finalize_table_rename, cleanup_concurrent_column_rename: the old name is gone"),
    CHANGE_COLUMN("change-column", "change_column, change_column_default, cleanup_concurrent_column_type_change"),
    COLUMN_SWAP("column-swap", "cleanup_conversion_of_integer_to_bigint, swap_columns, swap_primary_key"),
    DATA_REWRITE("data-rewrite", "update_column_in_batches, truncate_tables!: rows rewritten or gone"),
    NOT_NULL("not-null", "add_not_null_constraint, validate_not_null_constraint, change_column_null: writes may be refused"),
    CHECK_CONSTRAINT("check-constraint", "add_check_constraint, add_text_limit and their validations"),
    FOREIGN_KEY("foreign-key", "add_concurrent_foreign_key, validate_foreign_key"),
    UNIQUE_INDEX("unique-index", "an index with unique: true: a write may now be refused"),
    REMOVE_INDEX("remove-index", "remove_concurrent_index(_by_name), remove_index: works, maybe slower"),
    REMOVE_CONSTRAINT("remove-constraint", "remove_foreign_key(_if_exists), remove_check_constraint, change_column_null true"),
    ADD_INDEX("add-index", "a non-unique index: additive"),
    ASYNC_PREPARATION("async-preparation", "prepare_async_index and the async validations: bookkeeping"),
    BACKGROUND_MIGRATION("background-migration", "queue, finalize or delete a batched background migration"),
    ADDITIVE_SCHEMA("additive-schema", "create_table, add_column...: additive"),
    DATA_DELETED("data-deleted", "delete_all, destroy_all... on a model or a batch, Arel::DeleteManager: rows gone"),
    DATA_REWRITTEN("data-rewritten", "update_all, update_column... on a model or a batch, Arel::UpdateManager"),
    MODEL_CODE("model-code", "save!, update!, create!... on a model or a record: model code the rules cannot judge"),
    UNFAMILIAR_HELPER("unfamiliar-helper", "a helper or a constant's method the rules do not know"),
    DYNAMIC_CALL("dynamic-call", "send, public_send, eval, instance_eval, define_method, system...: code the text does not show"),
    UNREADABLE("unreadable", "what the scanner cannot read with certainty (Ruby's own ambiguities, __END__, a down that closes"
            + " elsewhere, constants past their bound, an acting call inside #{...})"),
    TOO_LARGE("too-large", "a file over 256 KiB, or more than 2,000 calls: not read whole"),
    CUSTOM_SQL("custom-sql", "SQL the rules do not know, or built elsewhere"),
    SQL_DATA_DELETED("sql-data-deleted", "SQL DELETE or TRUNCATE"),
    SQL_DATA_REWRITTEN("sql-data-rewritten", "SQL UPDATE"),
    SQL_DROP("sql-drop", "SQL DROP of anything but an index"),
    SQL_REMOVE_INDEX("sql-remove-index", "SQL DROP INDEX"),
    SQL_UNIQUE_INDEX("sql-unique-index", "SQL CREATE UNIQUE INDEX"),
    SQL_ADDITIVE("sql-additive", "SQL CREATE INDEX, CREATE TABLE, CREATE SEQUENCE, ALTER TABLE ... ADD COLUMN"),
    SQL_ALTER_COLUMN("sql-alter-column", "SQL ALTER TABLE ... DROP COLUMN, RENAME, TYPE, SET or DROP DEFAULT"),
    SQL_CONSTRAINT("sql-constraint", "SQL ALTER TABLE ... ADD or VALIDATE CONSTRAINT, SET NOT NULL, FOREIGN KEY, UNIQUE, CHECK"),
    SQL_REMOVE_CONSTRAINT("sql-remove-constraint", "SQL ALTER TABLE ... DROP CONSTRAINT or DROP NOT NULL"),
    SQL_BOOKKEEPING("sql-bookkeeping", "SQL SELECT, ANALYZE, VACUUM, SET, RESET");

    private final String ruleName;
    private final String doc;

    RuleName(String ruleName, String doc) {
        this.ruleName = ruleName;
        this.doc = doc;
    }

    /** The rule's name as answers and docs spell it ({@code remove-column}). */
    public String ruleName() {
        return ruleName;
    }

    /** What it judges, in one line. */
    public String doc() {
        return doc;
    }

    @Override
    public String toString() {
        return ruleName;
    }
}
