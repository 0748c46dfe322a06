package com.gitlab.release.tracker.domain.rollback;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether the code of the package a rollback goes to survives what a post-migration executed beyond it dropped,
 * judged from that package's own files (read at its commit): GitLab ignores a column in its models a release before
 * a post-migration drops it, and removes a table's code (its {@code db/docs} entry moving to
 * {@code db/docs/deleted_tables/}) before the table goes. The rules, each a named unit with its doc line, are
 * {@link TargetCodeRule}; what they need read is said first ({@link #docs}, {@link #models}), so that the reader
 * asks GitLab for each file once.
 */
public final class TargetCode {

    /** One operation judged: compatible or not, by which rule, and why in one line. */
    public record Judgement(String operation, boolean compatible, TargetCodeRule rule, String why) {
    }

    /**
     * A post-migration executed beyond the target, judged by the target's code: compatible when every one of its
     * operations is; {@code why} says so in one line, or names the first operation the target's code does not survive.
     */
    public record Verdict(String path, boolean compatible, String why) {
    }

    /** What the post-migrations' operations drop, for {@link #docs} and {@link #models}. */
    public static List<Dropped> dropped(Collection<List<String>> operations) {
        return operations.stream().flatMap(List::stream).map(Dropped::of).flatMap(Optional::stream).toList();
    }

    /** A destructive post-migration judged by the target's code, operation by operation. */
    public static Verdict judge(String path, List<String> operations, Function<String, Optional<String>> files, String target) {
        if (operations.isEmpty()) {
            return new Verdict(path, false, "its operations are not known: nothing at " + target + " can show that older code survives it");
        }
        List<String> whys = new ArrayList<>();
        for (String operation : operations) {
            Judgement judged = judge(operation, files, target);
            if (!judged.compatible()) {
                return new Verdict(path, false, judged.why());
            }
            whys.add(judged.why());
        }
        return new Verdict(path, true, String.join("; ", whys));
    }

    private TargetCode() {
    }

    /** The {@code db/docs} entries to read first: for each dropped column's or table's table. */
    public static Set<String> docs(List<Dropped> dropped) {
        Set<String> paths = new LinkedHashSet<>();
        for (Dropped d : dropped) {
            if (d.what() == Dropped.What.COLUMNS) {
                paths.add(TableDoc.path(d.table()));
            } else if (d.what() == Dropped.What.TABLE) {
                paths.add(TableDoc.path(d.table()));
                paths.add(TableDoc.deletedPath(d.table()));
            }
        }
        return paths;
    }

    /** Then the model files of the tables whose columns were dropped, by the classes their entries name. */
    public static Set<String> models(List<Dropped> dropped, Function<String, Optional<String>> files) {
        Set<String> paths = new LinkedHashSet<>();
        for (Dropped d : dropped) {
            if (d.what() == Dropped.What.COLUMNS) {
                files.apply(TableDoc.path(d.table())).ifPresent(doc -> TableDoc.classes(doc)
                        .forEach(className -> paths.addAll(TableDoc.modelFiles(className))));
            }
        }
        return paths;
    }

    /**
     * Each operation judged by the first rule that speaks for it.
     *
     * @param files the target's files as read: a file absent (404) or not read is empty
     * @param target how answers name the target's commit ({@code 97d6e07c2a1})
     */
    public static Judgement judge(String operation, Function<String, Optional<String>> files, String target) {
        Optional<Dropped> dropped = Dropped.of(operation);
        if (dropped.isPresent()) {
            for (TargetCodeRule rule : TargetCodeRule.values()) {
                Optional<Judgement> judged = rule.judge(dropped.get(), files, target);
                if (judged.isPresent()) {
                    return judged.get();
                }
            }
        }
        return new Judgement(operation, false, TargetCodeRule.NOT_SHOWN, "the target's code cannot speak for " + operation
                + ": nothing at " + target + " can show that older code survives it");
    }

    static String describe(Dropped dropped) {
        return dropped.helper() + " " + dropped.table() + (dropped.columns().isEmpty() ? ""
                : dropped.columns().size() == 1 ? "." + dropped.columns().get(0) : "(" + String.join(", ", dropped.columns()) + ")");
    }
}
