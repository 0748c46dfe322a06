package com.gitlab.release.tracker.chat;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The chat command and Slack's form, driven with random and hostile text: no exception, a 1 MB one read at once. */
class ChatParsersPropertyTest {

    private static final Duration GENEROUS = Duration.ofSeconds(20);

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> pieces = Arbitraries.of("which", "rollback", "pending", "release", "help", "--public", "gprd", " ",
                "\t", "\n", "\u2028", "\u00a0", "=", "&", "%", "%2", "%zz", "%41", "+", "text", "response_url", "14.8",
                "97d6e07c2a1", "<!channel>", "\ud800", "\udc00", "\ud83d\ude00", "\u202e", "\u200b", "%ED%A0%80");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), pieces.list().ofMaxSize(60).map(list -> String.join("", list)));
    }

    @Property(tries = 2_000)
    void neitherParserThrows(@ForAll("hostile") String text) {
        ChatCommand.parse(text);
        ChatRoutes.form(text);
        // What a reply shows of it: on one line, no character that reorders or hides text, no half of a pair.
        String shown = com.gitlab.release.tracker.domain.notes.Markdown.oneLine(text);
        org.assertj.core.api.Assertions.assertThat(shown).doesNotContain("\n", "\u202e", "\u200b");
        org.assertj.core.api.Assertions.assertThat(com.gitlab.release.tracker.domain.Input.unpairedSurrogate(shown)).isEqualTo(-1);
    }

    @Example
    void aMegabyteIsReadInLinearTime() {
        int mb = 1 << 20;
        for (String input : List.of(" ".repeat(mb), "which " + "x".repeat(mb), "a ".repeat(mb / 2), "a=%".repeat(mb / 3),
                "text=" + "%41".repeat(mb / 3), "&".repeat(mb), "=".repeat(mb))) {
            assertTimeoutPreemptively(GENEROUS, () -> {
                ChatCommand.parse(input);
                ChatRoutes.form(input);
            });
        }
    }
}
