package com.gitlab.release.tracker.domain.migrations;

import static com.gitlab.release.tracker.domain.migrations.RollbackRisk.DESTRUCTIVE;
import static com.gitlab.release.tracker.domain.migrations.RollbackRisk.INDEX;
import static com.gitlab.release.tracker.domain.migrations.RollbackRisk.NONE;
import static com.gitlab.release.tracker.domain.migrations.RollbackRisk.UNKNOWN;
import static com.gitlab.release.tracker.domain.migrations.RollbackRisk.WRITES;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.gitlab.release.tracker.domain.migrations.MigrationSource.Call;
import com.gitlab.release.tracker.domain.migrations.MigrationSource.Kind;
import com.gitlab.release.tracker.domain.migrations.MigrationSource.Token;

/**
 * The rollback risk rules, small and named as Squawk and Atlas keep theirs: each turns a call of a post-migration
 * ({@link MigrationSource}) into an operation ({@code remove_column users.legacy_state}) of one class
 * ({@link RollbackRisk}). The helpers are GitLab's migration helpers ({@code Gitlab::Database::MigrationHelpers}) and
 * Rails'; SQL in {@code execute} is read by its leading words; a call the rules do not know is {@code unknown}.
 */
final class RollbackRules {

    /**
     * What one operation of a post-migration does: as answers name it (shortened past {@value #OPERATION_LENGTH}
     * characters: a name may be as long as the file), its class, and the rule that judged it.
     */
    record Effect(String operation, RollbackRisk risk, RuleName rule) {

        Effect {
            if (operation.length() > OPERATION_LENGTH) {
                operation = operation.substring(0, OPERATION_LENGTH - 1) + "…";
            }
        }
    }

    /** The longest operation an answer names. */
    static final int OPERATION_LENGTH = 200;
    /** Values of one call's arguments read at most (constants expand into many). */
    static final int ARGUMENT_VALUES = 200;

    /** A rule for helpers: its name, its class, the helpers it judges. */
    record Rule(RuleName name, RollbackRisk risk, Set<String> helpers) {
    }

    static final List<Rule> HELPERS = List.of(
            new Rule(RuleName.REMOVE_COLUMN, DESTRUCTIVE, Set.of("remove_column", "remove_columns", "remove_timestamps",
                    "remove_reference", "remove_belongs_to")),
            new Rule(RuleName.DROP_TABLE, DESTRUCTIVE, Set.of("drop_table", "drop_join_table", "drop_partitioned_table_for",
                    "drop_nonpartitioned_archive_table", "drop_view")),
            new Rule(RuleName.RENAME, DESTRUCTIVE, Set.of("rename_column", "rename_table", "finalize_table_rename",
                    "cleanup_concurrent_column_rename")),
            new Rule(RuleName.CHANGE_COLUMN, DESTRUCTIVE, Set.of("change_column", "change_column_default",
                    "cleanup_concurrent_column_type_change")),
            new Rule(RuleName.COLUMN_SWAP, DESTRUCTIVE, Set.of("cleanup_conversion_of_integer_to_bigint", "swap_columns",
                    "swap_columns_default", "swap_primary_key", "swap_foreign_keys")),
            new Rule(RuleName.DATA_REWRITE, DESTRUCTIVE, Set.of("update_column_in_batches", "truncate_tables!", "truncate_table")),
            new Rule(RuleName.NOT_NULL, WRITES, Set.of("add_not_null_constraint", "add_multi_column_not_null_constraint",
                    "validate_not_null_constraint", "validate_multi_column_not_null_constraint")),
            new Rule(RuleName.CHECK_CONSTRAINT, WRITES, Set.of("add_check_constraint", "validate_check_constraint", "add_text_limit",
                    "validate_text_limit")),
            new Rule(RuleName.FOREIGN_KEY, WRITES, Set.of("add_concurrent_foreign_key", "add_foreign_key", "validate_foreign_key",
                    "add_concurrent_partitioned_foreign_key", "validate_partitioned_foreign_key")),
            new Rule(RuleName.REMOVE_INDEX, INDEX, Set.of("remove_concurrent_index", "remove_concurrent_index_by_name", "remove_index",
                    "remove_concurrent_partitioned_index_by_name")),
            new Rule(RuleName.REMOVE_CONSTRAINT, INDEX, Set.of("remove_foreign_key", "remove_foreign_key_if_exists",
                    "remove_foreign_key_without_error", "remove_check_constraint", "remove_not_null_constraint",
                    "remove_multi_column_not_null_constraint", "remove_text_limit", "remove_partitioned_foreign_key")),
            new Rule(RuleName.ADD_INDEX, NONE, Set.of("add_concurrent_index", "add_index", "add_concurrent_partitioned_index")),
            new Rule(RuleName.ASYNC_PREPARATION, NONE, Set.of("prepare_async_index", "prepare_async_index_from_sql",
                    "prepare_async_index_removal", "unprepare_async_index", "unprepare_async_index_by_name",
                    "prepare_async_foreign_key_validation", "unprepare_async_foreign_key_validation",
                    "prepare_async_check_constraint_validation", "unprepare_async_check_constraint_validation",
                    "prepare_partitioned_async_foreign_key_validation", "unprepare_partitioned_async_foreign_key_validation",
                    "prepare_partitioned_async_check_constraint_validation")),
            new Rule(RuleName.BACKGROUND_MIGRATION, NONE, Set.of("queue_batched_background_migration",
                    "finalize_batched_background_migration", "ensure_batched_background_migration_is_finished",
                    "delete_batched_background_migration", "queue_background_migration_jobs_by_range_at_intervals",
                    "finalize_background_migration", "backfill_conversion_of_integer_to_bigint")),
            new Rule(RuleName.ADDITIVE_SCHEMA, NONE, Set.of("create_table", "add_column", "add_columns", "add_timestamps_with_timezone",
                    "rename_column_concurrently", "change_column_type_concurrently", "initialize_conversion_of_integer_to_bigint",
                    "add_sequence", "create_table_with_constraints")));

    /** A NOT NULL change: {@code false} restricts what older code may write, {@code true} lifts a restriction. */
    static final String CHANGE_COLUMN_NULL = "change_column_null";

    /** Calls that are no operation: the migration's own declarations, guards and checks, Ruby's control flow. */
    static final Set<String> NEUTRAL = Set.of("disable_ddl_transaction!", "enable_lock_retries!", "milestone",
            "restrict_gitlab_migration", "with_lock_retries", "disable_statement_timeout", "say", "say_with_time",
            "table_exists?", "column_exists?", "index_exists?", "index_exists_by_name?", "foreign_key_exists?",
            "check_constraint_exists?", "view_exists?", "trigger_exists?", "function_exists?", "define_batchable_model",
            "connection", "transaction", "reset_pk_sequence!", "quote_table_name", "quote_column_name", "quote", "loop",
            "lambda", "proc", "sleep", "puts", "raise", "require", "require_relative", "include", "extend", "private",
            "protected", "public", "attr_accessor", "attr_reader", "each", "map", "freeze", "tap", "allow_cross_joins_across_databases",
            "skip_require_disable_ddl_transactions!", "disable_lock_retries", "concurrent_index_name", "index_name",
            "each_partition", "with_lock_retries_used!", "p", "pp", "format", "now", "nil?", "present?", "blank?", "empty?",
            "to_s", "to_sym", "to_i", "to_a", "to_h", "to_yaml", "to_json", "length", "size", "first", "last", "zero?");

    /** On any receiver: deletes rows. */
    static final Set<String> DELETING = Set.of("delete_all", "destroy_all", "delete_by", "destroy_by", "in_batches_delete");
    /** On any receiver: rewrites rows. */
    static final Set<String> UPDATING = Set.of("update_all", "update_column", "update_columns", "update_counters");
    /** On a model or a record: writes through model code, which the rules cannot judge. */
    static final Set<String> MODEL_WRITES = Set.of("save", "save!", "update", "update!", "create", "create!", "insert",
            "insert!", "insert_all", "insert_all!", "upsert", "upsert_all", "destroy", "destroy!", "delete", "increment!",
            "decrement!", "toggle!", "touch", "find_or_create_by!", "find_or_create_by", "create_or_find_by");
    /** On a connection: SQL the code builds. */
    static final Set<String> SQL_CALLS = Set.of("execute", "exec_query", "exec_update", "exec_delete", "exec_insert",
            "select_all", "select_rows", "select_value", "select_values", "select_one");
    /** On any receiver: calls a method by a name, or runs code, that the file's text does not show. */
    static final Set<String> DYNAMIC = Set.of("send", "public_send", "__send__", "eval", "instance_eval", "class_eval",
            "module_eval", "instance_exec", "class_exec", "module_exec", "define_method", "method", "const_get", "binding",
            "system", "exec", "spawn", "load");
    /** Constants whose methods read, check or compute only. */
    static final Set<String> NEUTRAL_CONSTANTS = Set.of("Gitlab", "Gitlab::Database", "Feature", "Rails", "Time", "Date",
            "DateTime", "Integer", "Float", "String", "Array", "Hash", "Set", "File", "Arel", "Arel::Table", "Arel::Nodes",
            "ActiveRecord::Base", "ApplicationRecord", "Gitlab::Database::SharedModel", "JSON", "YAML", "ActiveSupport",
            "Gitlab::Utils", "Gitlab::CurrentSettings");

    private RollbackRules() {
    }

    /** Every operation of the code, in order, each judged by the first rule that knows its call. */
    static List<Effect> effects(MigrationSource source) {
        List<Effect> effects = new ArrayList<>();
        for (String doubt : source.doubts()) {
            effects.add(new Effect("not read with certainty: " + doubt, UNKNOWN, RuleName.UNREADABLE));
        }
        for (Call call : source.calls()) {
            effects.addAll(judge(source, call));
        }
        if (source.tooManyCalls()) {
            effects.add(new Effect("more than " + MigrationSource.MAX_CALLS + " calls: not all read", UNKNOWN, RuleName.TOO_LARGE));
        }
        return effects;
    }

    /** Whether a call of this name may change the database or run code the file does not show. */
    static boolean acts(String name) {
        return DYNAMIC.contains(name) || SQL_CALLS.contains(name) || DELETING.contains(name) || UPDATING.contains(name)
                || MODEL_WRITES.contains(name) || name.equals(CHANGE_COLUMN_NULL)
                || HELPERS.stream().anyMatch(rule -> rule.risk() != NONE && rule.helpers().contains(name));
    }

    static List<Effect> judge(MigrationSource source, Call call) {
        String name = call.name();
        if (DYNAMIC.contains(name)) {
            return List.of(new Effect("runs code the file does not show: " + (call.receiver() == null ? "" : call.receiver() + ".") + name,
                    UNKNOWN, RuleName.DYNAMIC_CALL));
        }
        if (call.receiver() == null) {
            return bareCall(source, call);
        }
        String on = source.model(call.receiver()) != null ? source.model(call.receiver()) : call.receiver();
        if (DELETING.contains(name)) {
            return List.of(new Effect(name + " " + on, DESTRUCTIVE, RuleName.DATA_DELETED));
        }
        if (UPDATING.contains(name)) {
            return List.of(new Effect(name + " " + on, DESTRUCTIVE, RuleName.DATA_REWRITTEN));
        }
        if (SQL_CALLS.contains(name) && (call.receiver().equals("connection") || call.receiver().endsWith("connection"))) {
            return sql(source, call, call.receiver() + "." + name);
        }
        if (MODEL_WRITES.contains(name) && !NEUTRAL_CONSTANTS.contains(call.receiver())) {
            return List.of(new Effect("model code: " + call.receiver() + "." + name, UNKNOWN, RuleName.MODEL_CODE));
        }
        if (name.equals("new") && call.receiver().equals("Arel::DeleteManager")) {
            return List.of(new Effect("Arel::DeleteManager (deletes rows)", DESTRUCTIVE, RuleName.DATA_DELETED));
        }
        if (name.equals("new") && call.receiver().equals("Arel::UpdateManager")) {
            return List.of(new Effect("Arel::UpdateManager (rewrites rows)", DESTRUCTIVE, RuleName.DATA_REWRITTEN));
        }
        if (isUnfamiliarConstant(source, call.receiver())) {
            return List.of(new Effect("unfamiliar helper " + call.receiver() + "." + name, UNKNOWN, RuleName.UNFAMILIAR_HELPER));
        }
        return List.of();
    }

    private static boolean isUnfamiliarConstant(MigrationSource source, String receiver) {
        // Arel builds SQL: its managers' new is judged above, and what is chained on them only shapes that SQL.
        return !receiver.isEmpty() && Character.isUpperCase(receiver.charAt(0)) && source.model(receiver) == null
                && source.constant(receiver) == null && !NEUTRAL_CONSTANTS.contains(receiver) && !receiver.startsWith("Arel::");
    }

    private static List<Effect> bareCall(MigrationSource source, Call call) {
        String name = call.name();
        if (name.equals("execute")) {
            return sql(source, call, "execute");
        }
        if (name.equals(CHANGE_COLUMN_NULL)) {
            Arguments arguments = Arguments.of(source, call);
            boolean restricts = arguments.positional(2).map(value -> value.equals("false")).orElse(true);
            return List.of(new Effect(name + " " + arguments.column() + (restricts ? " NOT NULL" : " NULL"), restricts ? WRITES : INDEX,
                    RuleName.NOT_NULL));
        }
        for (Rule rule : HELPERS) {
            if (rule.helpers().contains(name)) {
                Arguments arguments = Arguments.of(source, call);
                if (rule.name() == RuleName.ADD_INDEX && arguments.option("unique").filter("true"::equals).isPresent()) {
                    return List.of(new Effect(name + " " + arguments.describe(name) + " unique", WRITES, RuleName.UNIQUE_INDEX));
                }
                return List.of(new Effect(name + " " + arguments.describe(name), rule.risk(), rule.name()));
            }
        }
        if (NEUTRAL.contains(name) || MigrationSource.isKeyword(name) || source.definesMethod(name) || source.isLocal(name)
                || name.startsWith("to_") || name.endsWith("_exists?")) {
            return List.of();
        }
        return List.of(new Effect("unfamiliar helper " + name, UNKNOWN, RuleName.UNFAMILIAR_HELPER));
    }

    // ---- SQL --------------------------------------------------------------------------------------------------

    /** The SQL a call runs, statement by statement; SQL not written in the file is custom SQL. */
    private static List<Effect> sql(MigrationSource source, Call call, String what) {
        List<String> texts = new ArrayList<>();
        for (Token token : source.arguments(call)) {
            if (token.kind() == Kind.STRING) {
                texts.add(token.text());
            } else if (token.kind() == Kind.CONST && source.constant(token.text()) != null) {
                texts.addAll(source.constant(token.text()));
            }
        }
        if (texts.isEmpty()) {
            return List.of(new Effect(what + " (SQL built elsewhere)", UNKNOWN, RuleName.CUSTOM_SQL));
        }
        List<Effect> effects = new ArrayList<>();
        for (String text : texts) {
            for (String statement : statements(text)) {
                effects.add(statement(what, statement));
            }
        }
        return effects;
    }

    /** The statements of a text, split at {@code ;}, blank ones left out. */
    private static List<String> statements(String text) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ';') {
                String statement = text.substring(start, i).strip();
                if (!statement.isEmpty()) {
                    statements.add(statement);
                }
                start = i + 1;
            }
        }
        return statements;
    }

    /** One SQL statement judged by its leading words, and for {@code ALTER TABLE}, by what it alters. */
    static Effect statement(String what, String statement) {
        List<String> words = words(statement, 4);
        String first = word(words, 0).toUpperCase(Locale.ROOT);
        String second = word(words, 1).toUpperCase(Locale.ROOT);
        String shown = what + " " + first + switch (first) {
            case "DELETE", "DROP", "CREATE", "ALTER", "TRUNCATE" -> " " + second + " " + word(words, 2);
            default -> " " + word(words, 1);
        };
        shown = shown.strip();
        return switch (first) {
            case "DELETE", "TRUNCATE" -> new Effect(shown, DESTRUCTIVE, RuleName.SQL_DATA_DELETED);
            case "UPDATE" -> new Effect(shown, DESTRUCTIVE, RuleName.SQL_DATA_REWRITTEN);
            case "DROP" -> second.equals("INDEX") ? new Effect(shown, INDEX, RuleName.SQL_REMOVE_INDEX) : new Effect(shown, DESTRUCTIVE, RuleName.SQL_DROP);
            case "CREATE" -> second.equals("UNIQUE") ? new Effect(shown, WRITES, RuleName.SQL_UNIQUE_INDEX)
                    : second.equals("INDEX") || second.equals("TABLE") || second.equals("SEQUENCE") ? new Effect(shown, NONE, RuleName.SQL_ADDITIVE)
                    : new Effect(shown, UNKNOWN, RuleName.CUSTOM_SQL);
            case "ALTER" -> second.equals("TABLE") ? alterTable(shown, statement) : new Effect(shown, UNKNOWN, RuleName.CUSTOM_SQL);
            case "SELECT", "ANALYZE", "VACUUM", "SET", "RESET" -> new Effect(shown, NONE, RuleName.SQL_BOOKKEEPING);
            default -> new Effect(shown, UNKNOWN, RuleName.CUSTOM_SQL);
        };
    }

    private static String word(List<String> words, int index) {
        return index < words.size() ? words.get(index) : "";
    }

    /** {@code ALTER TABLE t ...}: what it does to the table, the gravest if it does several. */
    private static Effect alterTable(String shown, String statement) {
        String text = statement.toUpperCase(Locale.ROOT);
        if (text.contains("DROP COLUMN") || text.contains("RENAME") || text.contains(" TYPE ") || text.contains("SET DEFAULT")
                || text.contains("DROP DEFAULT")) {
            return new Effect(shown + " (drops, renames or changes a column)", DESTRUCTIVE, RuleName.SQL_ALTER_COLUMN);
        }
        if (text.contains("VALIDATE CONSTRAINT") || text.contains("SET NOT NULL") || text.contains("ADD CONSTRAINT")
                || text.contains("FOREIGN KEY") || text.contains("UNIQUE") || text.contains(" CHECK ")) {
            return new Effect(shown + " (adds or validates a constraint)", WRITES, RuleName.SQL_CONSTRAINT);
        }
        if (text.contains("DROP CONSTRAINT") || text.contains("DROP NOT NULL")) {
            return new Effect(shown + " (drops a constraint)", INDEX, RuleName.SQL_REMOVE_CONSTRAINT);
        }
        if (text.contains("ADD COLUMN")) {
            return new Effect(shown + " (adds a column)", NONE, RuleName.SQL_ADDITIVE);
        }
        return new Effect(shown, UNKNOWN, RuleName.CUSTOM_SQL);
    }

    /** The first words of a text as written (quotes around names dropped), at most {@code max}. */
    private static List<String> words(String text, int max) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length() && words.size() < max; i++) {
            boolean part = i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '(';
            if (part && start < 0) {
                start = i;
            } else if (!part && start >= 0) {
                words.add(text.substring(start, i).replace("\"", ""));
                start = -1;
            }
        }
        return words;
    }

    // ---- arguments --------------------------------------------------------------------------------------------

    /**
     * A call's arguments as the descriptions need them: positional values (symbols, strings, constants resolved,
     * arrays as their items) and options ({@code unique: true}, {@code column: :owner_id}).
     */
    record Arguments(List<List<String>> positional, Map<String, List<String>> options) {

        static Arguments of(MigrationSource source, Call call) {
            List<List<String>> positional = new ArrayList<>();
            Map<String, List<String>> options = new LinkedHashMap<>();
            List<Token> tokens = source.arguments(call);
            String label = null;
            List<String> current = new ArrayList<>();
            int depth = 0;
            int values = 0;
            Token previous = null;
            for (Token t : tokens) {
                Token before = previous;
                previous = t;
                if (t.is("[") || t.is("(") || t.is("{")) {
                    depth++;
                } else if (t.is("]") || t.is(")") || t.is("}")) {
                    depth--;
                } else if (t.is(",") && depth == 0) {
                    add(positional, options, label, current);
                    label = null;
                    current = new ArrayList<>();
                } else if (t.kind() == Kind.LABEL && depth == 0) {
                    add(positional, options, label, current);
                    label = t.text();
                    current = new ArrayList<>();
                } else if (values++ >= ARGUMENT_VALUES) {
                    continue;
                } else if (t.kind() == Kind.SYMBOL || t.kind() == Kind.STRING || t.kind() == Kind.NUMBER) {
                    current.add(t.text());
                } else if (t.kind() == Kind.CONST) {
                    List<String> value = source.constant(t.text());
                    List<String> all = value == null ? List.of(t.text()) : value;
                    current.addAll(all.subList(0, Math.min(all.size(), ARGUMENT_VALUES)));
                    values += all.size();
                } else if (t.kind() == Kind.IDENT && (before == null || before.kind() == Kind.LABEL || before.is(",") || before.is("(")
                        || before.is("["))) {
                    // true, false, or a variable's name where a value is expected (TABLES.each do |table_name|): a
                    // variable is shown as <table_name>, so that nothing reads it as a table of that name.
                    boolean literal = t.text().equals("true") || t.text().equals("false") || t.text().equals("nil");
                    current.add(literal ? t.text() : "<" + t.text() + ">");
                }
            }
            add(positional, options, label, current);
            return new Arguments(positional, options);
        }

        private static void add(List<List<String>> positional, Map<String, List<String>> options, String label, List<String> values) {
            if (label != null) {
                options.put(label, values);
            } else if (!values.isEmpty()) {
                positional.add(values);
            }
        }

        Optional<String> positional(int index) {
            return index < positional.size() && !positional.get(index).isEmpty() ? Optional.of(positional.get(index).get(0))
                    : Optional.empty();
        }

        Optional<String> option(String name) {
            List<String> values = options.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        private String table() {
            return positional(0).or(() -> option("table_name")).orElse("?");
        }

        /** {@code users.legacy_state}, or {@code users(a, b)} for several. */
        String column() {
            List<String> columns = positional.size() > 1 ? positional.get(1) : option("column").map(List::of).orElse(List.of());
            return columns.size() == 1 ? table() + "." + columns.get(0) : table() + "(" + String.join(", ", columns) + ")";
        }

        /** What the helper is about, as its operation names it: a table with its columns, an index, a job. */
        String describe(String helper) {
            if (helper.contains("batched_background_migration") || helper.contains("background_migration")) {
                return positional(0).or(() -> option("job_class_name")).orElse("?");
            }
            if (helper.endsWith("_by_name") || helper.contains("check_constraint")) {
                return table() + positional(helper.contains("check_constraint") ? 2 : 1).or(() -> option("name"))
                        .or(() -> option("constraint_name")).map(name -> " " + name).orElse("");
            }
            if (helper.startsWith("swap_")) {
                return table();
            }
            if (helper.startsWith("validate_") && helper.contains("foreign_key")) {
                return table() + positional(1).or(() -> option("column")).map(column -> "(" + column + ")").orElse("");
            }
            if (helper.contains("foreign_key")) {
                String source = table() + option("column").map(c -> "(" + c + ")").orElse("");
                return source + positional(1).map(target -> " -> " + target).orElse("");
            }
            if (helper.contains("rename") && positional.size() > 2) {
                return table() + "." + positional(1).orElse("?") + " -> " + positional(2).orElse("?");
            }
            if (helper.equals("rename_table")) {
                return table() + positional(1).map(to -> " -> " + to).orElse("");
            }
            if (helper.contains("table") || positional.size() < 2 && option("column").isEmpty()) {
                return table();
            }
            if (helper.contains("index")) {
                List<String> columns = positional.get(1);
                return table() + "(" + String.join(", ", columns) + ")";
            }
            if (helper.equals("remove_columns")) {
                return table() + "(" + String.join(", ", positional.subList(1, positional.size()).stream().flatMap(List::stream).toList()) + ")";
            }
            return column();
        }
    }
}
