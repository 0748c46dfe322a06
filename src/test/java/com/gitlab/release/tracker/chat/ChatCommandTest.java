package com.gitlab.release.tracker.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.chat.ChatCommand.Kind;

class ChatCommandTest {

    @Test
    void readsEachSubCommand() {
        assertThat(ChatCommand.parse("which 20220201173212")).isEqualTo(new ChatCommand(Kind.WHICH, List.of("20220201173212"), false));
        assertThat(ChatCommand.parse("  rollback 14.8.202202080920-97d6e07c2a1.4ce763dbce1   gstg "))
                .isEqualTo(new ChatCommand(Kind.ROLLBACK, List.of("14.8.202202080920-97d6e07c2a1.4ce763dbce1", "gstg"), false));
        assertThat(ChatCommand.parse("pending")).isEqualTo(new ChatCommand(Kind.PENDING, List.of(), false));
        assertThat(ChatCommand.parse("PENDING gstg --public")).isEqualTo(new ChatCommand(Kind.PENDING, List.of("gstg"), true));
        assertThat(ChatCommand.parse("release 14.8")).isEqualTo(new ChatCommand(Kind.RELEASE, List.of("14.8"), false));
    }

    @Test
    void theEnvironmentMayComeBeforeOrAfterThePackage() {
        String version = "14.8.202202080920-97d6e07c2a1.4ce763dbce1";
        assertThat(ChatCommand.parse("rollback gprd " + version)).isEqualTo(ChatCommand.parse("rollback " + version + " gprd"));
        assertThat(ChatCommand.parse("rollback gprd " + version).arguments()).containsExactly(version, "gprd");
        assertThat(ChatCommand.parse("rollback gstg 97d6e07c2a1").arguments()).containsExactly("97d6e07c2a1", "gstg");
        assertThat(ChatCommand.parse("pending " + version + " gstg").arguments()).containsExactly("gstg", version);
        assertThat(ChatCommand.parse("pending gstg " + version).arguments()).containsExactly("gstg", version);
        assertThat(ChatCommand.parse("pending " + version).arguments()).containsExactly("gprd", version);
        assertThat(ChatCommand.parse("pending gstg").arguments()).containsExactly("gstg");
        assertThat(ChatCommand.USAGE).contains("rollback [ENVIRONMENT] PACKAGE-OR-SHA");
    }

    @Test
    void nothingIsHelpAndAnythingElseIsUnknown() {
        assertThat(ChatCommand.parse("").kind()).isEqualTo(Kind.HELP);
        assertThat(ChatCommand.parse(null).kind()).isEqualTo(Kind.HELP);
        assertThat(ChatCommand.parse("--public").kind()).isEqualTo(Kind.HELP);
        assertThat(ChatCommand.parse("help?").kind()).isEqualTo(Kind.HELP);
        assertThat(ChatCommand.parse("which").kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(ChatCommand.parse("rollback a b c").kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(ChatCommand.parse("pending a b c").kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(ChatCommand.parse("release").kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(ChatCommand.parse("deploy everything").kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(ChatCommand.parse("can we?").kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(ChatCommand.parse("roll gprd").kind()).isEqualTo(Kind.UNKNOWN);
    }

    @Test
    void commonPhrasingsAreTheirCommands() {
        String version = "14.8.202202080920-97d6e07c2a1.4ce763dbce1";
        ChatCommand targets = new ChatCommand(Kind.TARGETS, List.of("gprd"), false);
        assertThat(ChatCommand.parse("can we rollback gprd?")).isEqualTo(targets);
        assertThat(ChatCommand.parse("Can we roll back gprd?")).isEqualTo(targets);
        assertThat(ChatCommand.parse("how far back can gprd go?")).isEqualTo(targets);
        assertThat(ChatCommand.parse("how far back can we go on gprd")).isEqualTo(targets);
        assertThat(ChatCommand.parse("rollback check gprd")).isEqualTo(targets);
        ChatCommand check = new ChatCommand(Kind.ROLLBACK, List.of(version, "gprd"), false);
        assertThat(ChatCommand.parse("rollback check gprd " + version)).isEqualTo(check);
        assertThat(ChatCommand.parse("can we roll gprd back to " + version + "?")).isEqualTo(check);
        assertThat(ChatCommand.parse("is it safe to roll back gprd to " + version)).isEqualTo(check);
        assertThat(ChatCommand.parse("what is pending on gstg?")).isEqualTo(new ChatCommand(Kind.PENDING, List.of("gstg"), false));
        assertThat(ChatCommand.parse("which package brought legacy_state?"))
                .isEqualTo(new ChatCommand(Kind.WHICH, List.of("legacy_state"), false));
        assertThat(ChatCommand.parse("which remove namespaces")).isEqualTo(new ChatCommand(Kind.WHICH, List.of("remove namespaces"), false));
        assertThat(ChatCommand.parse("release 14.9 --public")).isEqualTo(new ChatCommand(Kind.RELEASE, List.of("14.9"), true));
    }

    @Test
    void slackSignaturesAreCheckedOnTheRawBodyAndTime() {
        byte[] body = "token=x&text=which+20220201173212".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.ofEpochSecond(1_700_000_000);
        String signature = SlackSignature.sign("secret", "1700000000", body);

        assertThat(signature).startsWith("v0=").hasSize(3 + 64);
        assertThat(SlackSignature.refusal("secret", "1700000000", signature, body, now)).isEmpty();
        assertThat(SlackSignature.refusal("secret", "1700000000", signature, body, now.plusSeconds(299))).isEmpty();
        assertThat(SlackSignature.refusal("secret", "1700000000", signature, body, now.plusSeconds(301))).get().asString().contains("5 minutes");
        assertThat(SlackSignature.refusal("other", "1700000000", signature, body, now)).get().asString().contains("does not match");
        assertThat(SlackSignature.refusal("secret", "1700000000", signature, "token=x&text=help".getBytes(StandardCharsets.UTF_8), now)).isPresent();
        assertThat(SlackSignature.refusal("secret", null, signature, body, now)).get().asString().contains("missing");
        assertThat(SlackSignature.refusal("secret", "yesterday", signature, body, now)).isPresent();
    }

    @Test
    void theSignatureMatchesSlacksDocumentedExample() {
        // Slack's "Verifying requests from Slack" example: secret, timestamp and body as published there.
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        assertThat(SlackSignature.sign("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    }
}
