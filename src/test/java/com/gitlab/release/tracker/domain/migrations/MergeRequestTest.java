package com.gitlab.release.tracker.domain.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.domain.notes.PackageNote;
import com.gitlab.release.tracker.domain.notes.PackageRecord;

/** Merge requests as merge commits name them, as notes show them, and as markers keep them. */
class MergeRequestTest {

    private static final MergeRequest MR = new MergeRequest(123, "https://gitlab.com/gitlab-org/gitlab/-/merge_requests/123",
            "Add an index", "jdoe", "group::database", "14.8");

    @Test
    void aMergeCommitNamesItsMergeRequest() {
        assertThat(MergeRequest.namedIn("Merge branch 'x' into 'master'\n\nAdd an index\n\nSee merge request gitlab-org/gitlab!123"))
                .contains(new MergeRequest.Reference("gitlab-org/gitlab", 123));
        assertThat(MergeRequest.namedIn("See merge request gitlab-org/security/gitlab!4567\n"))
                .contains(new MergeRequest.Reference("gitlab-org/security/gitlab", 4567));
        assertThat(MergeRequest.namedIn("Add an index (squashed)")).isEmpty();
        assertThat(MergeRequest.namedIn(null)).isEmpty();
    }

    @Test
    void theGroupIsTheFirstGroupLabel() {
        assertThat(MergeRequest.groupOf(List.of("devops::data stores", "group::database", "group::other"))).isEqualTo("group::database");
        assertThat(MergeRequest.groupOf(List.of("type::bug"))).isNull();
    }

    @Test
    void notesNameTheAuthorWithoutMentioningThem() {
        assertThat(MR.markdown()).isEqualTo("[!123](https://gitlab.com/gitlab-org/gitlab/-/merge_requests/123) by `jdoe`, `group::database`")
                .doesNotContain("@");
        assertThat(MR.describe()).isEqualTo("!123 by jdoe (group::database)");
    }

    @Test
    void theMarkerKeepsThemAndOlderNotesStayValid() {
        PackageRecord record = new PackageRecord("14.8.202202080920-97d6e07c2a1.4ce763dbce1", "97d6e07c2a1", "5a1b2c3d4e5",
                List.of("db/post_migrate/20220201173212_add_index.rb"), "14.8")
                .withMergeRequests(Map.of("db/post_migrate/20220201173212_add_index.rb", MR));
        String note = PackageNote.render(record, "base", "gstg-cny", null, Map.of());

        assertThat(PackageNote.parse(note)).get().extracting(PackageRecord::mergeRequests)
                .isEqualTo(Map.of("db/post_migrate/20220201173212_add_index.rb", MR));
        // A note written before merge requests were recorded.
        String older = "<!-- post-migration-tracker {\"v\":1,\"package\":\"14.8.202202080920-97d6e07c2a1.4ce763dbce1\",\"sha\":\"97d6e07c2a1\","
                + "\"postMigrations\":[\"db/post_migrate/20220201173212_add_index.rb\"]} -->";
        assertThat(PackageNote.parse(older)).get().extracting(PackageRecord::mergeRequests).isEqualTo(Map.of());
    }
}
