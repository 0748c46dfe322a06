package com.gitlab.release.tracker.domain.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PostMigrationRuleTest {

    private final PostMigrationRule rule = new PostMigrationRule(List.of("db/post_migrate", "ee/db/geo/post_migrate/"));

    private static FileChange added(String path) {
        return new FileChange(path, path, true, false, false);
    }

    @Test
    void rubyFilesDirectlyInAPostMigrateFolderArePostMigrations() {
        assertThat(rule.isPostMigration("db/post_migrate/20220201173212_add_user_details_provisioning_index.rb")).isTrue();
        assertThat(rule.isPostMigration("ee/db/geo/post_migrate/20220201173212_geo.rb")).isTrue();
        assertThat(rule.isPostMigration("db/migrate/20220201173212_add_column.rb")).isFalse();
        assertThat(rule.isPostMigration("db/post_migrate/README.md")).isFalse();
        assertThat(rule.isPostMigration("db/post_migrate/helpers/thing.rb")).isFalse();
        assertThat(rule.isPostMigration("ee/db/post_migrate_helpers.rb")).isFalse();
        assertThat(rule.isPostMigration("spec/db/post_migrate/20220201173212_x.rb")).isFalse();
    }

    @Test
    void addedPostMigrationsAreIntroducedAndSorted() {
        assertThat(rule.introducedBy(List.of(
                added("db/post_migrate/20220201173212_b.rb"),
                added("db/post_migrate/20220201141705_a.rb"),
                added("db/schema_migrations/20220201173212"),
                added("app/models/user.rb"))))
                .containsExactly("db/post_migrate/20220201141705_a.rb", "db/post_migrate/20220201173212_b.rb");
    }

    @Test
    void deletedAndEditedPostMigrationsAreNotIntroduced() {
        assertThat(rule.introducedBy(List.of(
                new FileChange("db/post_migrate/1_a.rb", "db/post_migrate/1_a.rb", false, false, true),
                new FileChange("db/post_migrate/2_b.rb", "db/post_migrate/2_b.rb", false, false, false)))).isEmpty();
    }

    @Test
    void renamedIntoTheFolderIsIntroducedButRenamedWithinIsNot() {
        assertThat(rule.introducedBy(List.of(
                new FileChange("db/migrate/1_a.rb", "db/post_migrate/1_a.rb", false, true, false),
                new FileChange("db/post_migrate/2_b.rb", "db/post_migrate/3_b.rb", false, true, false),
                new FileChange("db/post_migrate/4_c.rb", "db/migrate/4_c.rb", false, true, false))))
                .containsExactly("db/post_migrate/1_a.rb");
    }

    @Test
    void folderListingsGiveTheNewPostMigrations() {
        assertThat(rule.introducedBetween(
                Set.of("db/post_migrate/1_a.rb", "db/post_migrate/2_b.rb"),
                List.of("db/post_migrate/2_b.rb", "db/post_migrate/3_c.rb", "db/post_migrate/README.md")))
                .containsExactly("db/post_migrate/3_c.rb");
    }
}
