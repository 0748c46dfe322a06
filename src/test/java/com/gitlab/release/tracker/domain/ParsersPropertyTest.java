package com.gitlab.release.tracker.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.migrations.MigrationQuery;
import com.gitlab.release.tracker.domain.notes.Markdown;
import com.gitlab.release.tracker.domain.notes.NoteMarker;
import com.gitlab.release.tracker.domain.notes.PackageNote;
import com.gitlab.release.tracker.domain.notes.QaNote;
import com.gitlab.release.tracker.domain.notes.RunNote;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.releases.NamedCommit;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.domain.releases.Release;
import com.gitlab.release.tracker.domain.releases.ReleaseTitle;
import com.gitlab.release.tracker.domain.releases.UtcTime;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every parser of text from GitLab, a note or a caller, driven with random and hostile text: none throws but what
 * it declares ({@link BadInputException} for a caller's bad value, {@link NoteMarker.MalformedMarkerException} for
 * a marker that does not read), and a 1 MB input shaped against it is parsed within a generous bound (a parser
 * that backtracks takes hours on it; a linear one, milliseconds).
 */
class ParsersPropertyTest {

    /** Far above a linear parse of 1 MB, far below a quadratic one. */
    private static final Duration GENEROUS = Duration.ofSeconds(20);
    private static final String MARKER = "<!-- post-migration-tracker ";
    private static final ReleaseTitle TITLE = new ReleaseTitle("Release %s");

    /** Each parser, with what it may throw. */
    private static final List<Consumer<String>> PARSERS = List.of(
            text -> declared(() -> PackageNote.parse(text), NoteMarker.MalformedMarkerException.class),
            text -> declared(() -> RunNote.parse(text), NoteMarker.MalformedMarkerException.class),
            text -> declared(() -> QaNote.packageOf(text), NoteMarker.MalformedMarkerException.class),
            NoteMarker::hasMarker,
            PackageVersion::read,
            text -> declared(() -> PackageVersion.parse(text), BadInputException.class),
            Release::read,
            Release::ofRef,
            text -> declared(() -> Release.parse(text), BadInputException.class),
            TITLE::releaseOf,
            MergeRequest::namedIn,
            text -> MigrationKind.classify("db/post_migrate/20250101000000_x.rb", text),
            text -> declared(() -> MigrationQuery.parse(text), BadInputException.class),
            text -> declared(() -> NamedCommit.parse("target", text), BadInputException.class),
            CommitSha::isSha,
            UtcTime::parse,
            Markdown::code,
            Markdown::safeUrl,
            text -> {
                String shown = Markdown.oneLine(text);
                if (shown.contains("\u202e") || Input.unpairedSurrogate(shown) >= 0) {
                    throw new AssertionError("shown with a bidi control or half a pair: " + shown);
                }
            });

    private static void declared(Runnable parse, Class<? extends RuntimeException> allowed) {
        try {
            parse.run();
        } catch (RuntimeException e) {
            if (!allowed.isInstance(e)) {
                throw e;
            }
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> pieces = Arbitraries.of(MARKER, "<!--", "-->", "{", "}", "[", "]", "\"", ":", ",", "null", "\\u0000",
                "\"postMigrations\":", "\"mergeRequests\":", "\"package\":", "\"type\":\"execution\"", "\"deploymentId\":",
                "99999999999999999999", "-1", "1e999", "14.8.", "202202080920", "-97d6e07c2a1.4ce763dbce1", "Release ",
                "See merge request ", "gitlab-org/gitlab!", "restrict_gitlab_migration", "gitlab_schema: :gitlab_ci",
                "def up", "def down", "end", "\n", " ", "\t", "(", ")", "#", "`", "@all", "/close", "db/", "_", ".rb",
                "queue_batched_background_migration", "remove_column", "execute <<~SQL", "SQL", "'", "%", "\u2028",
                // the shapes that fooled or blew up the classifier, and text that is no text
                "?#", "/#/", "=begin", "=end", "__END__", "%w[", "%q{", "#{", "\"", "send(", "eval", "A = [", "B = [A, A, A]",
                "C = [B, B, B]", ":t, ", "\ud800", "\udc00", "\u202e", "\u200b", "def down; end; ", "  end; ");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                pieces.list().ofMaxSize(60).map(list -> String.join("", list)));
    }

    @Property(tries = 2_000)
    void noParserThrowsWhatItDoesNotDeclare(@ForAll("hostile") String text) {
        PARSERS.forEach(parser -> parser.accept(text));
    }

    @Example
    void aMegabyteShapedAgainstEachParserIsReadInLinearTime() {
        int mb = 1 << 20;
        List<String> shaped = List.of(
                MARKER.strip() + " ".repeat(mb) + "x",
                MARKER + "<!--".repeat(mb / 4),
                (MARKER + "{").repeat(mb / MARKER.length()),
                MARKER + "{\"postMigrations\":[" + "\"a\",".repeat(mb / 4) + "\"b\"]} -->",
                "1".repeat(mb),
                "14.8." + "2".repeat(mb),
                "Release " + "9".repeat(mb) + ".1",
                "Release 14." + "9".repeat(mb),
                "See merge request " + "a".repeat(mb),
                "See merge request a!".repeat(mb / 20),
                "restrict_gitlab_migration" + " ".repeat(mb),
                "restrict_gitlab_migration (".repeat(mb / 27),
                "def up\n" + "  def up\n".repeat(mb / 9),
                "def up\n" + "x".repeat(mb) + "\nend",
                "#".repeat(mb),
                "`".repeat(mb),
                "\n".repeat(mb),
                "db/post_migrate/" + "1".repeat(mb) + ".rb",
                "def up\n" + "?#".repeat(mb / 2),
                "def up\n" + "/#/;".repeat(mb / 4),
                "def up\n  x = \"" + "\n  def down\n=begin\n".repeat(mb / 20),
                "def up\n" + "%w[".repeat(mb / 3),
                "def up\n  \"" + "#{\"".repeat(mb / 3),
                "A = [:t, :t]\n" + "A = [A, A, A, A]\n".repeat(mb / 18),
                "def down\n" + "  end; def down\n".repeat(mb / 16),
                "\ud800".repeat(mb),
                " ".repeat(mb));
        for (String input : shaped) {
            assertTimeoutPreemptively(GENEROUS, () -> PARSERS.forEach(parser -> parser.accept(input)),
                    () -> "parsing " + input.substring(0, 40).replace("\n", "\\n") + "… (" + input.length() + " characters)");
        }
        assertThat(shaped).allMatch(input -> input.length() >= mb / 2);
    }
}
