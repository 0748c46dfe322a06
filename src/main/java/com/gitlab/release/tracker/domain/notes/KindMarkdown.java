package com.gitlab.release.tracker.domain.notes;

import java.util.List;
import java.util.Optional;

import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.migrations.RollbackRisk;

/**
 * What a post-migration does, as notes show it after its path: {@code main · finalizes a batched background
 * migration · destructive: `remove_column users.state`}. The operations are the file's text (its tables, its
 * constants): each in a code span.
 */
public final class KindMarkdown {

    /** Operations a line shows at most. */
    private static final int SHOWN = 3;

    private KindMarkdown() {
    }

    public static String of(MigrationKind kind) {
        return kind.describe() + risk(kind.rollbackRisk().value(), kind.operations()).map(risk -> " · " + risk).orElse("");
    }

    /** {@code destructive: `remove_column users.state`}; empty for {@code none}, or no risk the function knows. */
    public static Optional<String> risk(String rollbackRisk, List<String> operations) {
        RollbackRisk risk = RollbackRisk.read(rollbackRisk);
        if (risk == null || risk == RollbackRisk.NONE) {
            return Optional.empty();
        }
        List<String> all = operations == null ? List.of() : operations;
        StringBuilder text = new StringBuilder(risk.value());
        if (!all.isEmpty()) {
            text.append(": ").append(String.join(", ", all.subList(0, Math.min(SHOWN, all.size())).stream().map(Markdown::code).toList()));
            if (all.size() > SHOWN) {
                text.append(" and ").append(all.size() - SHOWN).append(" more");
            }
        }
        return Optional.of(text.toString());
    }
}
