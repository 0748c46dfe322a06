package com.gitlab.release.tracker.domain.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each target-code rule on its examples: a dropped column the target's models ignore (in the model, an STI
 * subclass, an EE module prepended into it; {@code %i[]} over several lines; the keywords in either order), a table
 * the target no longer documents, the name-keeping cleanups; and what stays breaking. Every rule has examples here,
 * and docs/notes.md names every rule.
 */
class TargetCodeRuleTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/gitlabhq");
    private static final String TARGET = "97d6e07c2a1";

    private static String fixture(String path) {
        try {
            return Files.readString(FIXTURES.resolve(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file the call did not read (a failure, the bound): neither its text nor a 404. */
    private static final String UNREAD = "\u0000unread";

    private static final String USERS_DOC = "---\ntable_name: users\nclasses:\n- User\nfeature_categories:\n- user_profile\n";
    private static final String SERVICE_DESK_DOC = "---\ntable_name: service_desk_settings\nclasses:\n- ServiceDeskSetting\n";
    private static final String SETTINGS_DOC = "---\ntable_name: application_settings\nclasses:\n- ApplicationSetting\n";

    /** An example: the operation, the target's files, whether older code survives, by which rule, what the reason says. */
    record Example(String operation, Map<String, String> files, boolean compatible, TargetCodeRule rule, String why) {
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                new Example("cleanup_concurrent_column_type_change users.state", Map.of(), true, TargetCodeRule.TYPE_CHANGE_KEEPS_NAME,
                        "keeps its name"),
                new Example("cleanup_conversion_of_integer_to_bigint ci_builds.id", Map.of(), true, TargetCodeRule.BIGINT_CLEANUP,
                        "_convert_to_bigint"),
                new Example("remove_column users.legacy_state", Map.of("db/docs/users.yml", USERS_DOC, "app/models/user.rb",
                        "class User < ApplicationRecord\n  ignore_column :legacy_state, remove_with: '14.10', remove_after: '2022-04-22'\nend\n"),
                        true, TargetCodeRule.IGNORED_COLUMN, "the target already ignores users.legacy_state (app/models/user.rb, remove_with 14.10)"),
                // ServiceDeskSetting's shape: %i[] over several lines, the keywords after it
                new Example("remove_columns service_desk_settings(custom_email_smtp_address, custom_email_smtp_port)", Map.of(
                        "db/docs/service_desk_settings.yml", SERVICE_DESK_DOC, "app/models/service_desk_setting.rb",
                        "class ServiceDeskSetting < ApplicationRecord\n  ignore_columns %i[\n    custom_email_smtp_address\n"
                                + "    custom_email_smtp_port\n  ], remove_with: '16.1', remove_after: '2023-05-22'\nend\n"),
                        true, TargetCodeRule.IGNORED_COLUMN, "service_desk_settings.custom_email_smtp_port"),
                // DeployKey's shape: an STI subclass ignores the column of the table it shares; keywords the other way round
                new Example("remove_column keys.can_push", Map.of("db/docs/keys.yml", fixture("db/docs/keys.yml"),
                        "app/models/key.rb", "class Key < ApplicationRecord\nend\n", "app/models/deploy_key.rb",
                        "class DeployKey < Key\n  include IgnorableColumns\n\n  ignore_column :can_push, remove_after: '2019-12-15', remove_with: '12.6'\nend\n"),
                        true, TargetCodeRule.IGNORED_COLUMN, "keys.can_push (app/models/deploy_key.rb, remove_with 12.6)"),
                // the EE module prepended into the model
                new Example("remove_column application_settings.minimum_mirror_sync_time", Map.of("db/docs/application_settings.yml",
                        SETTINGS_DOC, "app/models/application_setting.rb", "class ApplicationSetting < ApplicationRecord\nend\n",
                        "ee/app/models/ee/application_setting.rb", fixture("ee/app/models/ee/application_setting.rb")),
                        true, TargetCodeRule.IGNORED_COLUMN, "ee/app/models/ee/application_setting.rb"),
                new Example("remove_column users.legacy_state", Map.of("db/docs/users.yml", USERS_DOC, "app/models/user.rb",
                        "class User < ApplicationRecord\n  # ignore_column :legacy_state\n  IGNORED = 'ignore_column :legacy_state'\n"
                                + "  ignore_column :other_column\nend\n"),
                        false, TargetCodeRule.IGNORED_COLUMN, "app/models/user.rb at 97d6e07c2a1 does not ignore users.legacy_state"),
                new Example("remove_columns users(a, b)", Map.of("db/docs/users.yml", USERS_DOC, "app/models/user.rb",
                        "class User < ApplicationRecord\n  ignore_column :a\nend\n"), false, TargetCodeRule.IGNORED_COLUMN, "does not ignore users.b"),
                new Example("remove_column users.legacy_state", Map.of(), false, TargetCodeRule.IGNORED_COLUMN,
                        "db/docs/users.yml at 97d6e07c2a1 is not there"),
                new Example("cleanup_concurrent_column_rename users.name -> full_name", Map.of("db/docs/users.yml", USERS_DOC,
                        "app/models/user.rb", "class User < ApplicationRecord\n  ignore_columns :name, :other,\n    remove_with: '15.0',"
                                + " remove_after: '2022-05-22'\nend\n"), true, TargetCodeRule.IGNORED_COLUMN, "users.name"),
                new Example("drop_table ci_old_things", Map.of(), true, TargetCodeRule.TABLE_GONE, "no longer documents ci_old_things"),
                new Example("drop_table ci_old_things", Map.of("db/docs/ci_old_things.yml", "table_name: ci_old_things\n",
                        "db/docs/deleted_tables/ci_old_things.yml", "table_name: ci_old_things\nremoved_in_milestone: '15.0'\n"),
                        true, TargetCodeRule.TABLE_GONE, "among the deleted tables"),
                new Example("drop_table ci_old_things", Map.of("db/docs/ci_old_things.yml", UNREAD), false, TargetCodeRule.TABLE_GONE,
                        "could not be read"),
                new Example("finalize_table_rename old_things", Map.of("db/docs/old_things.yml", "table_name: old_things\n"),
                        false, TargetCodeRule.TABLE_GONE, "still documents old_things"),
                new Example("execute UPDATE users", Map.of(), false, TargetCodeRule.NOT_SHOWN, "cannot speak for execute UPDATE users"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void eachRuleOnItsExamples(Example example) {
        // Every file the example does not give is one GitLab answers 404 for.
        TargetCode.Judgement judged = TargetCode.judge(example.operation(), path -> path.endsWith(TargetCodeRule.ABSENT)
                ? (example.files().containsKey(path.substring(0, path.length() - TargetCodeRule.ABSENT.length())) ? Optional.empty()
                        : Optional.of(""))
                : Optional.ofNullable(example.files().get(path)).filter(text -> !text.equals(UNREAD)), TARGET);

        assertThat(judged.rule()).isEqualTo(example.rule());
        assertThat(judged.compatible()).as(judged.why()).isEqualTo(example.compatible());
        assertThat(judged.why()).contains(example.why());
    }

    @Test
    void everyRuleHasExamplesAndIsNamedInTheDocs() throws IOException {
        Set<TargetCodeRule> covered = examples().map(a -> ((Example) a.get()[0]).rule()).collect(Collectors.toSet());
        String docs = Files.readString(Path.of("docs/notes.md"));

        assertThat(covered).containsExactlyInAnyOrder(TargetCodeRule.values());
        assertThat(Arrays.stream(TargetCodeRule.values())).allMatch(rule -> docs.contains("`" + rule.ruleName() + "`"));
    }

    @Test
    void whatIsReadIsSaidFirst() {
        List<Dropped> dropped = List.of(Dropped.of("remove_column keys.can_push").orElseThrow(),
                Dropped.of("drop_table ci_old_things").orElseThrow());
        Map<String, String> files = new HashMap<>(Map.of("db/docs/keys.yml", fixture("db/docs/keys.yml")));

        assertThat(TargetCode.docs(dropped)).containsExactly("db/docs/keys.yml", "db/docs/ci_old_things.yml",
                "db/docs/deleted_tables/ci_old_things.yml");
        assertThat(TargetCode.models(dropped, path -> Optional.ofNullable(files.get(path))))
                .contains("app/models/deploy_key.rb", "ee/app/models/ee/deploy_key.rb", "app/models/cloud_connector/keys.rb",
                        "app/models/ldap_key.rb");
    }

    @Test
    void operationsTheTargetCannotSpeakForAreNone() {
        assertThat(Dropped.of("execute UPDATE users")).isEmpty();
        assertThat(Dropped.of("delete_all events")).isEmpty();
        assertThat(Dropped.of("… and 3 more")).isEmpty();
        assertThat(Dropped.of("not read with certainty: __END__")).isEmpty();
        assertThat(Dropped.of("remove_column users.a…")).isEmpty();
        assertThat(Dropped.of("drop_table <table_name>")).as("a variable names no table").isEmpty();
        assertThat(Dropped.of("remove_columns users(a, b)").orElseThrow().columns()).containsExactly("a", "b");
    }
}
