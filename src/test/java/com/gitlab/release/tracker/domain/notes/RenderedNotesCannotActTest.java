package com.gitlab.release.tracker.domain.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.releases.DatabaseEnvironment;

/**
 * Each renderer of a note, given values shaped to act (a line break then {@code /close}, {@code @all}, a
 * {@code javascript:} link): what it writes holds them as text, on one line, in code.
 */
class RenderedNotesCannotActTest {

    private static final String PATH = "db/post_migrate/20220201173212_add_index.rb";
    private static final String ACTING = "x\n/close\n@all ](javascript:alert(1)) <!channel>";
    private static final MergeRequest HOSTILE_MR = new MergeRequest(80111, "https://gitlab.example.com/mr\n/close\n@all",
            ACTING, "@all\n/close", "group::" + ACTING, ACTING);
    private static final MergeRequest JAVASCRIPT_MR = new MergeRequest(80112, "javascript:alert(1)", "t", "jdoe",
            "group::database", "14.8");

    private static PackageRecord record(String packageName) {
        return new PackageRecord(packageName, "97d6e07c2a1", "5a1b2c3d4e5", List.of(PATH, "db/post_migrate/20220201\n/close_x.rb"),
                "14.8", Map.of(PATH, HOSTILE_MR, "db/post_migrate/20220201\n/close_x.rb", JAVASCRIPT_MR));
    }

    @Test
    void thePackageNote() {
        String note = PackageNote.render(record("14.8 " + ACTING), ACTING, "@all\n/assign @me", "javascript:alert(1)", Map.of());

        assertThat(InertMarkdown.problems(note)).isEmpty();
        assertThat(note).as("the compare URL is no http(s) URL: no link").doesNotContain("[compare]");
        assertThat(PackageNote.parse(note)).map(PackageRecord::packageName).hasValue("14.8 " + ACTING);
    }

    @Test
    void theRunNote() {
        RunRecord run = new RunRecord(new DatabaseEnvironment("db/gprd"), 1017, "97d6e07c2a1", "5a1b2c3d4e5",
                Optional.of(Instant.parse("2022-02-08T14:02:00Z")), List.of(PATH));
        String note = RunNote.render(run, "javascript:alert(1)", Map.of(PATH, new Introduction(ACTING, HOSTILE_MR)), Map.of());

        assertThat(InertMarkdown.problems(note)).isEmpty();
        assertThat(note).doesNotContain("[job]");
    }

    @Test
    void theQaNote() {
        assertThat(InertMarkdown.problems(QaNote.render(record(ACTING)))).isEmpty();
    }

    @Test
    void aMergeRequestLinksOnlyToAnHttpUrl() {
        assertThat(HOSTILE_MR.markdown()).startsWith("!80111 by ");
        assertThat(JAVASCRIPT_MR.markdown()).isEqualTo("!80112 by `jdoe`, `group::database`");
        assertThat(new MergeRequest(1, "https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/1", "t", "a", null, null)
                .markdown()).isEqualTo("[!1](https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/1) by `a`");
        assertThat(new MergeRequest(2, "https://gitlab.example.com/a](javascript:alert(1))", "t", "a", null, null).markdown())
                .startsWith("!2 by");
    }

    @Test
    void theCheckerFindsWhatWouldAct() {
        assertThat(InertMarkdown.problems("- `a`\n/close")).isNotEmpty();
        assertThat(InertMarkdown.problems("from @all")).isNotEmpty();
        assertThat(InertMarkdown.problems("[x](javascript:alert(1))")).isNotEmpty();
        assertThat(InertMarkdown.problems("- `@all` from [!1](https://x.example/1)")).isEmpty();
    }
}
