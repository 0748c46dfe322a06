package com.gitlab.release.tracker.domain.rollback;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns a model file ignores ({@code ignore_column :c, remove_with: '18.9', remove_after: '...'}, alias
 * {@code ignore_columns}; several names, {@code %i[...]} over several lines, the keywords in either order), read in
 * one scan that passes comments and strings by: an ignore is the code's proof that it no longer names the column
 * (GitLab ignores a column a release before a post-migration drops it). Not a Ruby parser: what it does not read is
 * no ignore, so the rollback stays {@code breaking}.
 */
public final class IgnoredColumns {

    /** A column a model ignores, and the release its ignore names for the drop ({@code remove_with}), if any. */
    public record Ignore(String column, String removeWith) {
    }

    /** The text of one call's arguments read at most. */
    private static final int ARGUMENTS = 4_000;

    private IgnoredColumns() {
    }

    public static List<Ignore> in(String ruby) {
        List<Ignore> ignores = new ArrayList<>();
        int n = ruby.length();
        int i = 0;
        while (i < n) {
            char c = ruby.charAt(i);
            if (c == '#') {
                i = lineEnd(ruby, i);
            } else if (c == '\'' || c == '"') {
                i = stringEnd(ruby, i);
            } else if (isNameChar(c)) {
                int j = i;
                while (j < n && isNameChar(ruby.charAt(j))) {
                    j++;
                }
                String word = ruby.substring(i, j);
                boolean defined = i >= 4 && ruby.startsWith("def ", i - 4);
                if ((word.equals("ignore_column") || word.equals("ignore_columns")) && !defined) {
                    j = arguments(ruby, j, ignores);
                }
                i = j;
            } else {
                i++;
            }
        }
        return ignores;
    }

    /** Reads one call's arguments from {@code from}; adds its columns; returns where the call ends. */
    private static int arguments(String ruby, int from, List<Ignore> ignores) {
        int n = Math.min(ruby.length(), from + ARGUMENTS);
        List<String> columns = new ArrayList<>();
        String removeWith = null;
        String label = null;
        int depth = 0;
        boolean continues = true; // right after the name, and after a comma: a line end does not end the call
        int i = from;
        while (i < n) {
            char c = ruby.charAt(i);
            if (c == '\n') {
                if (depth == 0 && !continues) {
                    break;
                }
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '#') {
                i = lineEnd(ruby, i);
            } else if (c == '(' || c == '[') {
                depth++;
                i++;
            } else if (c == ')' || c == ']') {
                if (--depth < 0) {
                    break;
                }
                i++;
                continues = false;
            } else if (c == ',') {
                label = null;
                continues = true;
                i++;
            } else if (c == ';') {
                break;
            } else if (c == '%' && i + 2 < n && "iIwW".indexOf(ruby.charAt(i + 1)) >= 0) {
                char close = switch (ruby.charAt(i + 2)) {
                    case '[' -> ']';
                    case '(' -> ')';
                    case '{' -> '}';
                    case '<' -> '>';
                    default -> ruby.charAt(i + 2);
                };
                int end = ruby.indexOf(close, i + 3);
                if (end < 0 || end > n) {
                    break;
                }
                for (String word : ruby.substring(i + 3, end).strip().split("\\s+")) {
                    if (Dropped.isName(word)) {
                        columns.add(word);
                    }
                }
                i = end + 1;
                continues = false;
            } else if (c == ':' && i + 1 < n && isNameChar(ruby.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && isNameChar(ruby.charAt(j))) {
                    j++;
                }
                if (label == null) {
                    columns.add(ruby.substring(i + 1, j));
                }
                i = j;
                continues = false;
            } else if (c == '\'' || c == '"') {
                int end = stringEnd(ruby, i);
                String text = ruby.substring(i + 1, Math.max(i + 1, end - 1));
                if (label == null) {
                    columns.add(text);
                } else if (label.equals("remove_with")) {
                    removeWith = text;
                }
                i = end;
                continues = false;
            } else if (isNameChar(c)) {
                int j = i;
                while (j < n && isNameChar(ruby.charAt(j))) {
                    j++;
                }
                if (j < n && ruby.charAt(j) == ':' && (j + 1 >= n || ruby.charAt(j + 1) != ':')) {
                    label = ruby.substring(i, j);
                    j++;
                    continues = true;
                } else if (label == null) {
                    break; // a name where a column is expected: no call this scanner reads
                }
                i = j;
            } else {
                i++;
            }
        }
        for (String column : columns) {
            if (Dropped.isName(column)) {
                ignores.add(new Ignore(column, removeWith));
            }
        }
        return i;
    }

    private static int lineEnd(String text, int i) {
        int end = text.indexOf('\n', i);
        return end < 0 ? text.length() : end;
    }

    /** Past the string that opens at {@code i} (its escapes followed), on one line at most. */
    private static int stringEnd(String text, int i) {
        char quote = text.charAt(i);
        int j = i + 1;
        while (j < text.length() && text.charAt(j) != quote && text.charAt(j) != '\n') {
            j += text.charAt(j) == '\\' ? 2 : 1;
        }
        return Math.min(text.length(), j + 1);
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c < 128 && Character.isLetterOrDigit(c);
    }
}
