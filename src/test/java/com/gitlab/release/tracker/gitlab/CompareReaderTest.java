package com.gitlab.release.tracker.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JacksonException;

class CompareReaderTest {

    private static GitLabCompare read(String json) throws IOException {
        return CompareReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsGitLabsRealCompareAnswer() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/gitlab4j/compare-results.json")) {
            GitLabCompare compare = CompareReader.read(in);

            assertThat(compare.compareTimeout()).isFalse();
            assertThat(compare.compareSameRef()).isFalse();
            assertThat(compare.diffs()).isNotEmpty().allSatisfy(d -> assertThat(d.newPath()).isNotBlank());
            assertThat(compare.commits()).allSatisfy(c -> assertThat(c.id()).isNotBlank());
        }
    }

    @Test
    void keepsPathsAndFlagsAndSkipsEverythingElse() throws IOException {
        GitLabCompare compare = read("""
                {"commit": {"id": "abc", "parent_ids": ["x"]}, "commits": [{"id": "c1", "title": "t"}, {"id": "c2"}],
                 "diffs": [{"old_path": "a.rb", "new_path": "db/post_migrate/1_a.rb", "a_mode": "0", "diff": "@@ huge \\"text\\" \\u00e9",
                            "new_file": false, "renamed_file": true, "deleted_file": false, "generated_file": null}],
                 "compare_timeout": true, "compare_same_ref": false, "web_url": "https://gitlab.com/x/-/compare/a...b",
                 "something_new": {"nested": [1, 2, {"deep": true}]}}""");

        assertThat(compare.commits()).extracting(GitLabCompare.Commit::id).containsExactly("c1", "c2");
        assertThat(compare.diffs()).containsExactly(new GitLabDiff("a.rb", "db/post_migrate/1_a.rb", false, true, false));
        assertThat(compare.compareTimeout()).isTrue();
        assertThat(compare.webUrl()).isEqualTo("https://gitlab.com/x/-/compare/a...b");
    }

    @Test
    void nullListsAreEmpty() throws IOException {
        GitLabCompare compare = read("{\"commit\": null, \"commits\": null, \"diffs\": null, \"compare_timeout\": true}");
        assertThat(compare.diffs()).isEmpty();
        assertThat(compare.commits()).isEmpty();
    }

    @Test
    void truncatedOrForeignAnswersFail() {
        assertThatThrownBy(() -> read("{\"diffs\": [{\"old_path\": \"db/po")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> read("[]")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> read("<html>Sign in</html>")).isInstanceOf(JacksonException.class);
    }
}
