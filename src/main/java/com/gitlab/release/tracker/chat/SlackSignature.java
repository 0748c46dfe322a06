package com.gitlab.release.tracker.chat;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing: {@code X-Slack-Signature} is {@code v0=} and the hex HMAC-SHA256 of
 * {@code v0:<X-Slack-Request-Timestamp>:<raw body>} keyed with the app's signing secret. A timestamp more than five
 * minutes from now is refused, so a captured request cannot be replayed.
 */
public final class SlackSignature {

    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private SlackSignature() {
    }

    /** Why the request is refused; empty when the signature is right and fresh. */
    public static Optional<String> refusal(String signingSecret, String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            return Optional.of("missing X-Slack-Request-Timestamp or X-Slack-Signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Optional.of("X-Slack-Request-Timestamp is not a number");
        }
        if (!fresh(seconds, now)) {
            return Optional.of("X-Slack-Request-Timestamp is more than 5 minutes from now (a replay?)");
        }
        String expected = sign(signingSecret, timestamp.trim(), body);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.trim().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("X-Slack-Signature does not match the body");
        }
        return Optional.empty();
    }

    /**
     * Whether a request of this timestamp is within Slack's window now: the one rule for accepting a request and
     * for remembering it ({@link SlackReplays}), so that a replay is refused up to the window's last instant.
     */
    public static boolean fresh(long timestampSeconds, Instant now) {
        return Math.abs(now.getEpochSecond() - timestampSeconds) <= TOLERANCE.toSeconds();
    }

    /** {@code v0=<hex HMAC-SHA256 of "v0:timestamp:body">}. */
    public static String sign(String signingSecret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
