package com.gitlab.release.tracker.domain.rollback;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.gitlab.release.tracker.domain.rollback.TargetCode.Judgement;

/**
 * The rules that read the target package's own code, in the order they are asked; each says what it decides in its
 * doc line, and {@code TargetCodeRuleTest} runs its examples. A rule that does not speak for an operation passes it
 * on; an operation no rule speaks for is {@link #NOT_SHOWN}: breaking, as before.
 */
public enum TargetCodeRule {

    /**
     * {@code cleanup_concurrent_column_type_change} drops the old column and renames the new one back: the name
     * older code uses survives. Compatible by rule.
     */
    TYPE_CHANGE_KEEPS_NAME("type-change-keeps-name") {
        @Override
        Optional<Judgement> judge(Dropped dropped, Function<String, Optional<String>> files, String target) {
            return dropped.what() != Dropped.What.TYPE_CHANGE ? Optional.empty() : Optional.of(compatible(dropped, this,
                    "the column keeps its name: " + TargetCode.describe(dropped) + " swaps in the new type under the old name"));
        }
    },
    /**
     * {@code cleanup_conversion_of_integer_to_bigint} drops the {@code *_convert_to_bigint} columns (the old integers
     * after the swap), which no older code names. Compatible by rule.
     */
    BIGINT_CLEANUP("bigint-cleanup") {
        @Override
        Optional<Judgement> judge(Dropped dropped, Function<String, Optional<String>> files, String target) {
            return dropped.what() != Dropped.What.BIGINT_CLEANUP ? Optional.empty() : Optional.of(compatible(dropped, this,
                    "it drops only the *_convert_to_bigint columns of " + dropped.table() + ", which no older code names"));
        }
    },
    /**
     * A dropped column is compatible when a model of its table ignores it at the target: the classes of
     * {@code db/docs/<table>.yml} (an STI subclass's ignore counts), each in {@code app/models/}, {@code ee/app/models/}
     * or the EE module prepended into it. Every dropped column must be ignored.
     */
    IGNORED_COLUMN("ignored-column") {
        @Override
        Optional<Judgement> judge(Dropped dropped, Function<String, Optional<String>> files, String target) {
            if (dropped.what() != Dropped.What.COLUMNS) {
                return Optional.empty();
            }
            Optional<String> doc = files.apply(TableDoc.path(dropped.table()));
            if (doc.isEmpty()) {
                return Optional.of(breaking(dropped, this, TableDoc.path(dropped.table()) + " at " + target
                        + " is not there: no model of " + dropped.table() + " is known to ignore " + String.join(", ", dropped.columns())));
            }
            List<String> why = new ArrayList<>();
            List<String> modelsRead = new ArrayList<>();
            for (String column : dropped.columns()) {
                Optional<String> found = Optional.empty();
                for (String className : TableDoc.classes(doc.get())) {
                    for (String path : TableDoc.modelFiles(className)) {
                        Optional<String> text = files.apply(path);
                        if (text.isEmpty()) {
                            continue;
                        }
                        if (!modelsRead.contains(path)) {
                            modelsRead.add(path);
                        }
                        Optional<IgnoredColumns.Ignore> ignore = IgnoredColumns.in(text.get()).stream()
                                .filter(i -> i.column().equals(column)).findFirst();
                        if (ignore.isPresent()) {
                            found = Optional.of(dropped.table() + "." + column + " (" + path
                                    + Optional.ofNullable(ignore.get().removeWith()).map(release -> ", remove_with " + release).orElse("") + ")");
                            break;
                        }
                    }
                    if (found.isPresent()) {
                        break;
                    }
                }
                if (found.isEmpty()) {
                    return Optional.of(breaking(dropped, this, (modelsRead.isEmpty() ? "no model file of " + dropped.table()
                            + " (" + String.join(", ", TableDoc.classes(doc.get())) + ") at " + target + " was found to ignore "
                            : String.join(", ", modelsRead) + " at " + target + (modelsRead.size() == 1 ? " does" : " do")
                                    + " not ignore ") + dropped.table() + "." + column));
                }
                why.add(found.get());
            }
            return Optional.of(compatible(dropped, this, "the target already ignores " + String.join("; ", why)));
        }
    },
    /**
     * A dropped or renamed table is compatible when the target no longer documents it: no
     * {@code db/docs/<table>.yml}, or its entry moved to {@code db/docs/deleted_tables/}, as GitLab does in the commit
     * that drops it once the application no longer uses it.
     */
    TABLE_GONE("table-gone") {
        @Override
        Optional<Judgement> judge(Dropped dropped, Function<String, Optional<String>> files, String target) {
            if (dropped.what() != Dropped.What.TABLE) {
                return Optional.empty();
            }
            if (files.apply(TableDoc.deletedPath(dropped.table())).isPresent()) {
                return Optional.of(compatible(dropped, this, "the target lists " + dropped.table() + " among the deleted tables ("
                        + TableDoc.deletedPath(dropped.table()) + ")"));
            }
            if (files.apply(TableDoc.path(dropped.table())).isEmpty() && files.apply(TableDoc.path(dropped.table()) + ABSENT).isPresent()) {
                return Optional.of(compatible(dropped, this, "the target no longer documents " + dropped.table() + " ("
                        + TableDoc.path(dropped.table()) + " is not there)"));
            }
            if (files.apply(TableDoc.path(dropped.table())).isEmpty()) {
                return Optional.of(breaking(dropped, this, TableDoc.path(dropped.table()) + " at " + target
                        + " could not be read: nothing shows that its code no longer uses " + dropped.table()));
            }
            return Optional.of(breaking(dropped, this, TableDoc.path(dropped.table()) + " at " + target
                    + " still documents " + dropped.table() + ": its code may still use it"));
        }
    },
    /** No rule speaks for the operation: breaking, as the strict rule says. */
    NOT_SHOWN("not-shown") {
        @Override
        Optional<Judgement> judge(Dropped dropped, Function<String, Optional<String>> files, String target) {
            return Optional.empty();
        }
    };

    /**
     * Asked of the files after a path: present (as an empty text) when GitLab answered 404 for the path, so that a
     * file known to be absent is told apart from one that was not read (a failure, the call's bound).
     */
    public static final String ABSENT = "#absent";

    private final String ruleName;

    TargetCodeRule(String ruleName) {
        this.ruleName = ruleName;
    }

    /** The rule's name as answers and docs/notes.md spell it. */
    public String ruleName() {
        return ruleName;
    }

    abstract Optional<Judgement> judge(Dropped dropped, Function<String, Optional<String>> files, String target);

    private static Judgement compatible(Dropped dropped, TargetCodeRule rule, String why) {
        return new Judgement(TargetCode.describe(dropped), true, rule, why);
    }

    private static Judgement breaking(Dropped dropped, TargetCodeRule rule, String why) {
        return new Judgement(TargetCode.describe(dropped), false, rule, why);
    }

    @Override
    public String toString() {
        return ruleName.toLowerCase(Locale.ROOT);
    }
}
