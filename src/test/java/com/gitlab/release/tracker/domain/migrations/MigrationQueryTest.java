package com.gitlab.release.tracker.domain.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.notes.IssueRef;

class MigrationQueryTest {

    private static final String PATH = "db/post_migrate/20220201173212_add_user_details_provisioning_index.rb";

    @Test
    void aVersionMatchesTheFileWithThatTimestamp() {
        MigrationQuery q = MigrationQuery.parse("20220201173212");
        assertThat(q.matches(PATH)).isTrue();
        assertThat(q.matches("db/post_migrate/20220201173213_other.rb")).isFalse();
        assertThat(q.matches("db/post_migrate/120220201173212_x.rb")).isFalse();
    }

    @Test
    void aFileNameMatchesInAnyPostMigrateFolder() {
        MigrationQuery q = MigrationQuery.parse("20220201173212_add_user_details_provisioning_index.rb");
        assertThat(q.matches(PATH)).isTrue();
        assertThat(q.matches("ee/db/geo/post_migrate/20220201173212_add_user_details_provisioning_index.rb")).isTrue();
    }

    @Test
    void aPathMatchesOnlyItself() {
        MigrationQuery q = MigrationQuery.parse(" " + PATH + " ");
        assertThat(q.matches(PATH)).isTrue();
        assertThat(q.matches("ee/" + PATH)).isFalse();
    }

    @Test
    void anythingElseIsBadInput() {
        assertThatThrownBy(() -> MigrationQuery.parse("add_index")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> MigrationQuery.parse(null)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> MigrationQuery.parse("2022020117321")).isInstanceOf(BadInputException.class);
    }

    @Test
    void issueReferences() {
        assertThat(IssueRef.parse("gitlab-org/release/tasks#5000")).isEqualTo(new IssueRef("gitlab-org/release/tasks", 5000));
        assertThatThrownBy(() -> IssueRef.parse("gitlab-org/release/tasks")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IssueRef.parse("tasks#x")).isInstanceOf(IllegalArgumentException.class);
    }
}
