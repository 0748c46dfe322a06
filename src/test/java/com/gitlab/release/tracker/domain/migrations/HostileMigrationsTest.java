package com.gitlab.release.tracker.domain.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Post-migrations shaped to blow the classifier up or to fool it into {@code none}: valid Ruby whose {@code up}
 * removes a column. What the scanner cannot read with certainty is {@code unknown}; what it can read, it reads.
 */
class HostileMigrationsTest {

    private static final String PATH = "db/post_migrate/20250101000000_remove_users_legacy_state.rb";

    private static MigrationKind classify(String up) {
        String source = "class RemoveUsersLegacyState < Gitlab::Database::Migration[2.2]\n  milestone '17.6'\n\n  def up\n"
                + up + "\n  end\n\n  def down\n    add_column :users, :legacy_state, :text\n  end\nend\n";
        return MigrationKind.classify(PATH, source);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            // a multi-line string holding a line that looks like down's definition
            "    note = \"first line\n  def down\n  last line\"\n    remove_column :users, :legacy_state",
            // ... or one that looks like a block comment
            "    note = 'first line\n=begin\n'\n    remove_column :users, :legacy_state\n=end",
            // a character literal that is a #
            "    x = ?#; remove_column :users, :legacy_state",
            // a regular expression that holds a #
            "    x = /#/; remove_column :users, :legacy_state",
            // %-literals holding a # and spanning lines
            "    x = %w[a#b\n  def down\n  ]; remove_column :users, :legacy_state",
            "    x = %q{ # }; remove_column :users, :legacy_state",
            // heredoc terminator hidden in a string
            "    x = \"SQL\"; remove_column :users, :legacy_state",
    })
    void whatTheScannerReadsCertainlyItReads(String up) {
        MigrationKind kind = classify(up);

        assertThat(kind.rollbackRisk()).isNotEqualTo(RollbackRisk.NONE);
        assertThat(kind.operations()).contains("remove_column users.legacy_state");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "    send(:remove_column, :users, :legacy_state)",
            "    connection.public_send(:remove_column, :users, :legacy_state)",
            "    eval('remove_' + 'column :users, :legacy_state')",
            "    instance_eval { remove_column :users, :legacy_state }",
            "    say \"#{remove_column :users, :legacy_state}\"",
            "    execute <<~SQL\n      SELECT #{remove_column(:users, :legacy_state)}\n    SQL",
            // Ruby decides these by what it knows of local variables
            "    x = 1\n    y = x /2; remove_column :users, :legacy_state; z = 1/",
            "    y = foo ?#: remove_column :users, :legacy_state",
            // down closed on a line its indentation does not show
            "  end; def up; remove_column :users, :legacy_state; end\n  def down\n  end; remove_column :users, :legacy_state",
            "    nil\n  end\n  def down; end; remove_column :users, :legacy_state\n  def other",
            "    nil\n  end\n  def down() = nil; remove_column :users, :legacy_state\n  def other",
            "    nil\n  end\n  def down\n    nil end; remove_column :users, :legacy_state\n  end\n  def other",
            // << after a name: a heredoc, or Ruby's append when the name is a local
            "    list = []\n    list <<FOO\n    remove_column :users, :legacy_state\nFOO",
            // the text after __END__ is data the code may read
            "    eval(DATA.read)\n  end\nend\n__END__\nremove_column :users, :legacy_state\n",
    })
    void whatTheScannerCannotReadCertainlyIsUnknown(String up) {
        assertThat(classify(up).rollbackRisk()).isIn(RollbackRisk.UNKNOWN, RollbackRisk.DESTRUCTIVE);
        assertThat(classify(up).rollbackRisk()).isNotEqualTo(RollbackRisk.NONE);
    }

    @Test
    void theFourEvasionsAreNotNone() {
        String[] evasions = {
                "    x = \"\n  def down\n\"\n    remove_column :users, :legacy_state",
                "    x = \"\n=begin\n\"\n    remove_column :users, :legacy_state",
                "    x = ?#; remove_column :users, :legacy_state",
                "    x = /#/; remove_column :users, :legacy_state"};
        for (String up : evasions) {
            assertThat(classify(up).rollbackRisk()).as(up).isEqualTo(RollbackRisk.DESTRUCTIVE);
        }
    }

    @Test
    void constantsThatMultiplyAreBoundedAndUnknown() {
        String items = IntStream.range(0, 150).mapToObj(i -> ":t").collect(Collectors.joining(", "));
        String up = "    A = [" + items + "]\n"
                + "    B = [" + IntStream.range(0, 150).mapToObj(i -> "A").collect(Collectors.joining(", ")) + "]\n"
                + "    C = [" + IntStream.range(0, 150).mapToObj(i -> "B").collect(Collectors.joining(", ")) + "]\n"
                + "    D = [" + IntStream.range(0, 150).mapToObj(i -> "C").collect(Collectors.joining(", ")) + "]\n"
                + "    add_concurrent_index :users, D\n    add_concurrent_index :users, [D, D, D]";

        MigrationKind kind = classify(up);

        assertThat(kind.rollbackRisk()).isEqualTo(RollbackRisk.UNKNOWN);
        assertThat(kind.operations()).anyMatch(operation -> operation.contains("constants that expand past"));
        assertThat(kind.operations()).allMatch(operation -> operation.length() <= RollbackRules.OPERATION_LENGTH);
    }

    @Test
    void aNameAsLongAsTheFileIsShortened() {
        String column = "c".repeat(60_000);
        String up = "    NAME = :" + column + "\n" + IntStream.range(0, 20)
                .mapToObj(i -> "    remove_column :t" + i + ", NAME").collect(Collectors.joining("\n"));

        MigrationKind kind = classify(up);

        assertThat(kind.rollbackRisk()).isEqualTo(RollbackRisk.DESTRUCTIVE);
        assertThat(kind.operations()).hasSize(20).allMatch(operation -> operation.length() <= RollbackRules.OPERATION_LENGTH);
    }

    @Test
    void gitLabsOwnPostMigrationsAreReadWithoutDoubt() throws java.io.IOException {
        java.nio.file.Path folder = java.nio.file.Path.of("src/test/resources/fixtures/gitlabhq/db/post_migrate");
        java.util.List<String> doubted = new java.util.ArrayList<>();
        int files = 0;
        try (var paths = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path path : paths.toList()) {
                files++;
                if (!MigrationSource.read(java.nio.file.Files.readString(path)).doubts().isEmpty()) {
                    doubted.add(path.getFileName().toString());
                }
            }
        }

        assertThat(files).isGreaterThan(30);
        assertThat(doubted.size()).as("doubted: %s", doubted).isLessThanOrEqualTo(files / 20);
    }

    @Test
    void ordinaryRubyStaysReadable() {
        String up = "    count = 4\n    value = 'abc'\n    ratio = count / 2\n    pct = \"#{ratio}%\"\n    flag = Gitlab.com? ? 1 : 2\n"
                + "    name = \"index_#{TABLE}_on_#{quote_column_name(:x)}\"\n    re = value =~ /\\Aabc#/\n"
                + "    list = %w[\n      a\n      b\n    ]\n    remove_column :users, :legacy_state";

        MigrationKind kind = classify(up);

        assertThat(kind.rollbackRisk()).isEqualTo(RollbackRisk.DESTRUCTIVE);
        assertThat(kind.operations()).containsExactly("remove_column users.legacy_state");
    }
}
