package com.gitlab.release.tracker.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** A signed Slack request is accepted once, and its replays refused to the last instant of its window. */
class SlackReplaysTest {

    @Test
    void aReplayIsRefusedToTheWindowsLastInstant() {
        SlackReplays replays = new SlackReplays();
        long sent = 1_700_000_000L;
        Instant edge = Instant.ofEpochSecond(sent + 300, 150_000_000);

        assertThat(SlackSignature.fresh(sent, edge)).as("the signature still accepts it").isTrue();
        assertThat(replays.firstTime("v0=abc", sent, edge)).isTrue();
        assertThat(replays.firstTime("v0=abc", sent, edge)).isFalse();
        assertThat(replays.firstTime("v0=abc", sent, edge.plusMillis(800))).isFalse();
        assertThat(SlackSignature.fresh(sent, edge.plusSeconds(1))).as("then the signature refuses it").isFalse();
    }
}
