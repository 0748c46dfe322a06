package com.gitlab.release.tracker.domain.rollback;

import java.util.ArrayList;
import java.util.List;

/**
 * A table's entry in GitLab's database dictionary, {@code db/docs/<table>.yml}: the models that map to it
 * ({@code classes:}; several share a table, an STI base and its subclasses). Read line by line, only what is needed.
 */
public final class TableDoc {

    /** Where a table's entry is, and where it goes when the table is dropped. */
    public static String path(String table) {
        return "db/docs/" + table + ".yml";
    }

    public static String deletedPath(String table) {
        return "db/docs/deleted_tables/" + table + ".yml";
    }

    private TableDoc() {
    }

    /** The classes under {@code classes:} ({@code - User}, {@code - Ci::Build}), at most 50. */
    public static List<String> classes(String yaml) {
        List<String> classes = new ArrayList<>();
        boolean inClasses = false;
        for (String line : yaml.split("\n", 2_000)) {
            String trimmed = line.strip();
            if (!line.startsWith(" ") && !line.startsWith("-") && trimmed.endsWith(":") || !line.startsWith(" ") && !line.startsWith("-")
                    && trimmed.contains(": ")) {
                inClasses = trimmed.equals("classes:");
                continue;
            }
            if (inClasses && trimmed.startsWith("- ") && classes.size() < 50) {
                String name = trimmed.substring(2).strip().replace("'", "").replace("\"", "");
                if (isClass(name)) {
                    classes.add(name);
                }
            }
        }
        return classes;
    }

    /** {@code Ci::Build} -> {@code ci/build}: where Rails looks for a class's file. */
    public static String filePath(String className) {
        StringBuilder path = new StringBuilder();
        String[] parts = className.split("::");
        for (int p = 0; p < parts.length; p++) {
            if (p > 0) {
                path.append('/');
            }
            String part = parts[p];
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (Character.isUpperCase(c)) {
                    boolean boundary = i > 0 && (Character.isLowerCase(part.charAt(i - 1)) || Character.isDigit(part.charAt(i - 1))
                            || i + 1 < part.length() && Character.isLowerCase(part.charAt(i + 1)) && Character.isUpperCase(part.charAt(i - 1)));
                    if (boundary) {
                        path.append('_');
                    }
                    path.append(Character.toLowerCase(c));
                } else {
                    path.append(c);
                }
            }
        }
        return path.toString();
    }

    /** The files that may declare a class's ignores: its model, the EE model, and the EE module prepended into it. */
    public static List<String> modelFiles(String className) {
        String file = filePath(className);
        return List.of("app/models/" + file + ".rb", "ee/app/models/" + file + ".rb", "ee/app/models/ee/" + file + ".rb");
    }

    private static boolean isClass(String name) {
        return !name.isEmpty() && name.length() <= 200 && Character.isUpperCase(name.charAt(0))
                && name.chars().allMatch(c -> c == ':' || c == '_' || c < 128 && Character.isLetterOrDigit(c));
    }
}
