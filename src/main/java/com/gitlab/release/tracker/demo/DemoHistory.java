package com.gitlab.release.tracker.demo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.notes.PackageNote;
import com.gitlab.release.tracker.domain.notes.PackageRecord;

/**
 * The small, realistic history the dev-mode demo starts with (and {@code DemoGitLabTest} walks through):
 * three 14.8 packages deployed in turn to every environment, the newest not yet recorded; post-deploy migration
 * runs on {@code db/gstg} (at the newest package) and {@code db/gprd} (at the middle one), so the newest package's
 * two post-migrations (one queues a batched background migration, one removes a column) are deployed to gprd but
 * have not run there; and the middle package's note, written earlier by the webhook. The middle package's
 * post-migrations (a finalize and an index) are all older code would meet on gprd: compatible; the newest one's
 * column removal, run on gstg, is not.
 */
public final class DemoHistory {

    public static final String SOURCE = "gitlab-org/security/gitlab";
    public static final String RELEASES = "gitlab-org/release/tasks";
    public static final long RELEASE_IID = 1;

    public static final String SHA_0 = "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    public static final String SHA_1 = "97d6e07c2a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public static final String SHA_2 = "c3c3c3c3c3c1b2c3d4e5f60718293a4b5c6d7e8f";
    public static final String PACKAGE_0 = "14.8.202202071520-5a1b2c3d4e5.1111111aaaa";
    public static final String PACKAGE_1 = "14.8.202202080920-97d6e07c2a1.4ce763dbce1";
    public static final String PACKAGE_2 = "14.8.202202081400-c3c3c3c3c3c.4ce763dbce1";

    /** The canonical project, whose merge requests hold the source project's commits. */
    public static final String CANONICAL = "gitlab-org/gitlab";
    /** The merge that added FINALIZE_CI: its message names the MR. */
    public static final String MERGE_FINALIZE = "a1a1a1a1a1a1b2c3d4e5f60718293a4b5c6d7e8f";
    /** The squashed commit that added INDEX: no MR in its message; the canonical project knows its MR. */
    public static final String SQUASH_INDEX = "a2a2a2a2a2a2b2c3d4e5f60718293a4b5c6d7e8f";
    /** The merge that added QUEUE, and a later MR's merge that changed it (not its owner). */
    public static final String MERGE_QUEUE = "a3a3a3a3a3a3b2c3d4e5f60718293a4b5c6d7e8f";
    public static final String LATER_CHANGE = "a4a4a4a4a4a4b2c3d4e5f60718293a4b5c6d7e8f";
    /** The merge that added REMOVE_COLUMN. */
    public static final String MERGE_REMOVE = "a5a5a5a5a5a5b2c3d4e5f60718293a4b5c6d7e8f";
    public static final long MR_FINALIZE = 80111;
    public static final long MR_INDEX = 80222;
    public static final long MR_QUEUE = 80333;
    public static final long MR_LATER = 80444;
    public static final long MR_REMOVE = 80555;

    /** CI database, finalizes a batched background migration. */
    public static final String FINALIZE_CI = "db/post_migrate/20220201141705_cleanup_background_migration_populate_test_reports_issue_id.rb";
    /** Main database, an index. */
    public static final String INDEX = "db/post_migrate/20220201173212_add_user_details_provisioning_index.rb";
    /** Main database, queues a batched background migration; deployed to gprd, not yet run there. */
    public static final String QUEUE = "db/post_migrate/20220207100000_queue_backfill_namespace_details.rb";
    /** Main database, removes a column older code still reads: destructive; run on gstg, not yet on gprd. */
    public static final String REMOVE_COLUMN = "db/post_migrate/20220207120000_remove_namespaces_legacy_state.rb";

    private static final Map<String, String> SOURCES = Map.of(
            FINALIZE_CI, """
                    # frozen_string_literal: true

                    class CleanupBackgroundMigrationPopulateTestReportsIssueId < Gitlab::Database::Migration[2.1]
                      MIGRATION = 'PopulateTestReportsIssueId'

                      restrict_gitlab_migration gitlab_schema: :gitlab_ci
                      disable_ddl_transaction!

                      def up
                        ensure_batched_background_migration_is_finished(
                          job_class_name: MIGRATION,
                          table_name: :requirements_management_test_reports,
                          column_name: :id,
                          job_arguments: []
                        )
                      end

                      def down
                        # no-op
                      end
                    end
                    """,
            INDEX, """
                    # frozen_string_literal: true

                    class AddUserDetailsProvisioningIndex < Gitlab::Database::Migration[2.1]
                      INDEX_NAME = 'index_user_details_on_provisioned_by_group_id_user_id'

                      disable_ddl_transaction!

                      def up
                        add_concurrent_index :user_details, [:provisioned_by_group_id, :user_id], name: INDEX_NAME
                      end

                      def down
                        remove_concurrent_index_by_name :user_details, INDEX_NAME
                      end
                    end
                    """,
            QUEUE, """
                    # frozen_string_literal: true

                    class QueueBackfillNamespaceDetails < Gitlab::Database::Migration[2.1]
                      MIGRATION = 'BackfillNamespaceDetails'
                      DELAY_INTERVAL = 2.minutes

                      restrict_gitlab_migration gitlab_schema: :gitlab_main

                      def up
                        queue_batched_background_migration(MIGRATION, :namespaces, :id, job_interval: DELAY_INTERVAL)
                      end

                      def down
                        delete_batched_background_migration(MIGRATION, :namespaces, :id, [])
                      end
                    end
                    """,
            REMOVE_COLUMN, """
                    # frozen_string_literal: true

                    class RemoveNamespacesLegacyState < Gitlab::Database::Migration[2.1]
                      def up
                        remove_column :namespaces, :legacy_state
                      end

                      def down
                        add_column :namespaces, :legacy_state, :smallint
                      end
                    end
                    """);

    /** The database dictionary's entry of the namespaces table (db/docs/namespaces.yml, as GitLab keeps one per table). */
    private static final String NAMESPACES_DOC = "---\ntable_name: namespaces\nclasses:\n- Group\n- Namespace\n"
            + "- Namespaces::ProjectNamespace\n- Namespaces::UserNamespace\nfeature_categories:\n- groups_and_projects\n";

    private DemoHistory() {
    }

    public static void seed(FakeGitLab gitlab) {
        GitLabWorld.Project source = gitlab.project(SOURCE)
                .commit(SHA_0, List.of("README.md", "db/migrate/20220101000000_create_things.rb",
                        "db/post_migrate/20170828170502_post_deploy_migrate_user_external_mail_data.rb",
                        "ee/db/geo/post_migrate/20210101000000_geo_cleanup.rb"))
                // The namespaces model, as a rollback target's code is read: the oldest package still uses
                // legacy_state; the middle one ignores it a release before the newest drops it, as GitLab does.
                .contentAt(SHA_0, "db/docs/namespaces.yml", NAMESPACES_DOC)
                .contentAt(SHA_0, "app/models/namespace.rb", "class Namespace < ApplicationRecord\n  include Routable\nend\n")
                // Each post-migration came with its own MR: a merge naming it, a squash the canonical project knows.
                .commit(MERGE_FINALIZE, SHA_0, FINALIZE_CI, "db/schema_migrations/20220201141705")
                .message(MERGE_FINALIZE, "Merge branch 'cleanup-test-reports-issue-id' into 'master'\n\n"
                        + "Finalize PopulateTestReportsIssueId\n\nSee merge request gitlab-org/gitlab!" + MR_FINALIZE)
                .commit(SQUASH_INDEX, MERGE_FINALIZE, INDEX, "app/models/user.rb", "db/schema_migrations/20220201173212")
                .message(SQUASH_INDEX, "Add an index for provisioned users")
                .commit(SHA_1, SQUASH_INDEX)
                .contentAt(SHA_1, "app/models/namespace.rb", "class Namespace < ApplicationRecord\n  include Routable\n\n"
                        + "  ignore_column :legacy_state, remove_with: '14.9', remove_after: '2022-03-22'\nend\n")
                .commit(MERGE_QUEUE, SHA_1, QUEUE, "db/schema_migrations/20220207100000")
                .message(MERGE_QUEUE, "Merge branch 'queue-namespace-details' into 'master'\n\n"
                        + "See merge request gitlab-org/gitlab!" + MR_QUEUE)
                .commitChanging(LATER_CHANGE, MERGE_QUEUE, QUEUE)
                .message(LATER_CHANGE, "Merge branch 'tune-namespace-details' into 'master'\n\n"
                        + "See merge request gitlab-org/gitlab!" + MR_LATER)
                .commit(MERGE_REMOVE, LATER_CHANGE, REMOVE_COLUMN, "db/schema_migrations/20220207120000")
                .message(MERGE_REMOVE, "Merge branch 'remove-legacy-state' into 'master'\n\n"
                        + "See merge request gitlab-org/gitlab!" + MR_REMOVE)
                .commit(SHA_2, MERGE_REMOVE)
                .branch("14-8-auto-deploy-2022020814", SHA_2);
        SOURCES.forEach(source::content);
        gitlab.project(CANONICAL)
                .mergeRequest(MR_FINALIZE, "Finalize PopulateTestReportsIssueId", "ahmed.dev",
                        List.of("group::pipeline execution", "type::maintenance"), "14.8")
                .mergeRequest(MR_INDEX, "Add an index for provisioned users", "nina.k", List.of("devops::govern", "group::authentication"), "14.8")
                .mergeRequest(MR_QUEUE, "Queue BackfillNamespaceDetails", "lee.w", List.of("group::tenant scale"), "14.8")
                .mergeRequest(MR_LATER, "Tune BackfillNamespaceDetails", "sam.o", List.of("group::database"), "14.9")
                .mergeRequest(MR_REMOVE, "Remove namespaces.legacy_state", "lee.w", List.of("group::tenant scale"), "14.8")
                .mergeRequestHolds(MR_INDEX, SQUASH_INDEX);

        Instant start = Instant.parse("2022-02-07T15:20:00Z");
        String[] shas = {SHA_0, SHA_1, SHA_2};
        String[] packages = {PACKAGE_0, PACKAGE_1, PACKAGE_2};
        for (int i = 0; i < shas.length; i++) {
            Instant deployed = start.plusSeconds(3600L * 6 * i);
            for (String environment : List.of("gstg-cny", "gprd-cny", "gstg", "gprd")) {
                source.deployAt(environment, shas[i], packages[i], "success", deployed);
                deployed = deployed.plusSeconds(1800);
            }
        }
        source.deployAt("db/gstg", SHA_0, PACKAGE_0, "success", Instant.parse("2022-02-07T20:00:00Z"));
        source.deployAt("db/gprd", SHA_0, PACKAGE_0, "success", Instant.parse("2022-02-07T21:00:00Z"));
        source.deployAt("db/gprd", SHA_1, PACKAGE_1, "success", Instant.parse("2022-02-08T14:02:00Z"));
        source.deployAt("db/gstg", SHA_2, PACKAGE_2, "success", Instant.parse("2022-02-08T15:30:00Z"));

        PackageRecord recorded = new PackageRecord(PACKAGE_1, SHA_1, SHA_0, List.of(FINALIZE_CI, INDEX), "14.8");
        gitlab.project(RELEASES).issue(RELEASE_IID, "Release 14.8")
                .note("Auto-deploy packages for 14.8 start today.")
                .note(PackageNote.render(recorded, PACKAGE_0, "gstg-cny", null, Map.of(
                        FINALIZE_CI, MigrationKind.classify(FINALIZE_CI, SOURCES.get(FINALIZE_CI)),
                        INDEX, MigrationKind.classify(INDEX, SOURCES.get(INDEX)))));
        gitlab.project(RELEASES).issue(2, "Release 14.7", "closed");
    }
}
