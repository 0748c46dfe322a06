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
        assertThatThrownBy(() -> MigrationQuery.parse("add;index")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> MigrationQuery.parse(null)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> MigrationQuery.parse("ab")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> MigrationQuery.parse("a b c d e f")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> MigrationQuery.parse("x".repeat(201))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> MigrationQuery.parse("db/post_migrate/x")).isInstanceOf(BadInputException.class);
    }

    @Test
    void aFragmentIsAVersionPrefixOrWordsOfTheName() {
        MigrationQuery prefix = MigrationQuery.parse("2022020117321");
        assertThat(prefix.mayMatchSeveral()).isTrue();
        assertThat(prefix.matches(PATH)).isTrue();
        assertThat(prefix.matches("db/post_migrate/20220201173220_x.rb")).isFalse();
        // Digits only match the start: a name holding them elsewhere is not that version.
        assertThat(MigrationQuery.parse("173212").matches(PATH)).isFalse();
        assertThat(MigrationQuery.parse("Provisioning INDEX").matches(PATH)).isTrue();
        assertThat(MigrationQuery.parse("provisioning index users").matches(PATH)).isFalse();
        assertThat(MigrationQuery.parse(PATH.substring(PATH.lastIndexOf('/') + 1, PATH.length() - 3)).matches(PATH)).isTrue();
    }

    @Test
    void issueReferences() {
        assertThat(IssueRef.parse("gitlab-org/release/tasks#5000")).isEqualTo(new IssueRef("gitlab-org/release/tasks", 5000));
        assertThatThrownBy(() -> IssueRef.parse("gitlab-org/release/tasks")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IssueRef.parse("tasks#x")).isInstanceOf(IllegalArgumentException.class);
    }
}
