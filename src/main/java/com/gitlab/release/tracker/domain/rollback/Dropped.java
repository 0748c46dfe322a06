package com.gitlab.release.tracker.domain.rollback;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a destructive operation of a post-migration takes away from older code, read from the operation as answers
 * name it ({@code remove_column users.legacy_state}, {@code drop_table ci_old_things}): the only operations whose
 * harm the target package's own code can disprove. Any other operation reads as none, and keeps its risk.
 */
public record Dropped(What what, String helper, String table, List<String> columns) {

    /** What goes. */
    public enum What {
        /** Columns older code may name ({@code remove_column(s)}, the old name of {@code cleanup_concurrent_column_rename}). */
        COLUMNS,
        /** A table, or its old name ({@code drop_table}, {@code finalize_table_rename}, {@code rename_table}). */
        TABLE,
        /** A column whose name survives ({@code cleanup_concurrent_column_type_change}). */
        TYPE_CHANGE,
        /** The {@code *_convert_to_bigint} columns no older code names ({@code cleanup_conversion_of_integer_to_bigint}). */
        BIGINT_CLEANUP
    }

    public Dropped {
        columns = List.copyOf(columns);
    }

    /** The operation's helper and what it names; empty for an operation the target's code cannot speak for. */
    public static Optional<Dropped> of(String operation) {
        if (operation == null) {
            return Optional.empty();
        }
        int space = operation.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String helper = operation.substring(0, space);
        String rest = operation.substring(space + 1).strip();
        return switch (helper) {
            case "remove_column", "remove_columns" -> columns(helper, rest, What.COLUMNS);
            case "cleanup_concurrent_column_rename" -> {
                int arrow = rest.indexOf(" -> ");
                yield arrow < 0 ? Optional.empty() : columns(helper, rest.substring(0, arrow), What.COLUMNS);
            }
            case "cleanup_concurrent_column_type_change" -> columns(helper, rest, What.TYPE_CHANGE);
            case "cleanup_conversion_of_integer_to_bigint" -> columns(helper, rest, What.BIGINT_CLEANUP);
            case "drop_table", "finalize_table_rename" -> name(rest).map(table -> new Dropped(What.TABLE, helper, table, List.of()));
            case "rename_table" -> {
                int arrow = rest.indexOf(" -> ");
                yield name(arrow < 0 ? rest : rest.substring(0, arrow)).map(table -> new Dropped(What.TABLE, helper, table, List.of()));
            }
            default -> Optional.empty();
        };
    }

    /** {@code users.legacy_state} or {@code users(a, b)}. */
    private static Optional<Dropped> columns(String helper, String text, What what) {
        List<String> columns = new ArrayList<>();
        String table;
        int open = text.indexOf('(');
        if (open > 0 && text.endsWith(")")) {
            table = text.substring(0, open);
            for (String column : text.substring(open + 1, text.length() - 1).split(",")) {
                if (!isName(column.strip())) {
                    return Optional.empty();
                }
                columns.add(column.strip());
            }
        } else {
            int dot = text.indexOf('.');
            if (dot < 0 || !isName(text.substring(dot + 1))) {
                return Optional.empty();
            }
            table = text.substring(0, dot);
            columns.add(text.substring(dot + 1));
        }
        return isName(table) && !columns.isEmpty() ? Optional.of(new Dropped(what, helper, table, columns)) : Optional.empty();
    }

    private static Optional<String> name(String text) {
        return isName(text) ? Optional.of(text) : Optional.empty();
    }

    /** A table or column name as GitLab writes them: letters, digits and {@code _}, at most 63 (PostgreSQL's bound). */
    static boolean isName(String text) {
        return !text.isEmpty() && text.length() <= 63 && text.chars().allMatch(c -> c == '_' || c < 128 && Character.isLetterOrDigit(c));
    }
}
