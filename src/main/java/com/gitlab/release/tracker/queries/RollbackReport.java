package com.gitlab.release.tracker.queries;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.migrations.PostMigrationRule;
import com.gitlab.release.tracker.domain.migrations.RollbackImpact;
import com.gitlab.release.tracker.domain.migrations.RollbackRisk;
import com.gitlab.release.tracker.domain.rollback.TargetCode;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What rolling back past the post-migrations executed beyond a target would break: each one's rollback risk, and
 * for a destructive one, whether the target's own code survives it ({@link TargetCode}); the impact, the
 * post-migrations behind it, who to page, and the sentence. The one report rollback-check, rollback-targets and
 * chat render from.
 */
public record RollbackReport(RollbackImpact impact, List<String> causes, List<TargetCode.Verdict> targetCode, List<Page> whoToPage,
        String sentence) {

    /** A post-migration that makes the answer breaking or review: its file, its risk, and who brought it. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(String path, String rollbackRisk, MergeRequest mergeRequest) {

        /** {@code 20220207120000_x.rb (destructive, !80555 by lee.w (group::tenant scale))}. */
        String describe() {
            return PostMigrationRule.fileName(path) + " (" + rollbackRisk + ", "
                    + (mergeRequest == null ? "no merge request found" : mergeRequest.describe()) + ")";
        }
    }

    static RollbackReport of(List<PostMigrationEntry> beyond, Map<String, TargetCode.Verdict> verdicts) {
        List<RollbackRisk> effective = beyond.stream().map(entry -> effective(entry, verdicts)).toList();
        RollbackImpact impact = RollbackImpact.of(effective);
        List<String> causes = new ArrayList<>();
        List<Page> page = new ArrayList<>();
        List<String> done = new ArrayList<>();
        for (int i = 0; i < beyond.size(); i++) {
            PostMigrationEntry entry = beyond.get(i);
            if (!impact.causedBy(effective.get(i))) {
                continue;
            }
            causes.add(entry.path());
            done.add(entry.operations() == null || entry.operations().isEmpty()
                    ? PostMigrationRule.fileName(entry.path()) + " (" + entry.risk().value() + ")"
                    : PostMigrationEntry.operations(entry.operations()));
            if (impact == RollbackImpact.BREAKING || impact == RollbackImpact.REVIEW) {
                page.add(new Page(entry.path(), entry.risk().value(), entry.mergeRequest()));
            }
        }
        List<TargetCode.Verdict> judged = beyond.stream().map(entry -> verdicts.get(entry.path()))
                .filter(java.util.Objects::nonNull).toList();
        return new RollbackReport(impact, causes, judged, page, sentence(impact, String.join("; ", done), judged, page));
    }

    /** Its risk as the verdict weighs it: none where the target's code survives what it dropped. */
    private static RollbackRisk effective(PostMigrationEntry entry, Map<String, TargetCode.Verdict> verdicts) {
        TargetCode.Verdict verdict = verdicts.get(entry.path());
        return verdict != null && verdict.compatible() ? RollbackRisk.NONE : entry.risk();
    }

    private static String sentence(RollbackImpact impact, String what, List<TargetCode.Verdict> judged, List<Page> page) {
        StringBuilder text = new StringBuilder(switch (impact) {
            case NONE -> "";
            case COMPATIBLE -> " By the strict rule only: what ran beyond it only did " + what + ": older code is compatible.";
            case REVIEW -> " Review before rolling back: what ran beyond it restricts what older code may write or removes an"
                    + " index (" + what + ").";
            case BREAKING -> " It would break older code: " + what + ".";
        });
        for (TargetCode.Verdict verdict : judged) {
            text.append(' ').append(PostMigrationRule.fileName(verdict.path())).append(": ").append(verdict.why()).append('.');
        }
        if (!page.isEmpty()) {
            text.append(" Who to page: ").append(String.join("; ", page.stream().map(Page::describe).toList())).append('.');
        }
        return text.toString();
    }
}
