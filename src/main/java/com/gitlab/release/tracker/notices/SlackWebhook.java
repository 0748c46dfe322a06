package com.gitlab.release.tracker.notices;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.chat.SlackPost;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.gitlab.Invocation;

/**
 * Posts a message to Slack's incoming webhook ({@code TRACKER_SLACK_WEBHOOK_URL}): a failed post (no answer, or
 * not 2xx) is tried again while the call's deadline allows ({@link SlackPost}); its outcome is told,
 * never thrown, so that it cannot fail the webhook that caused it. The URL is a credential: never logged.
 */
@ApplicationScoped
public class SlackWebhook {

    /**
     * {@code sent}; {@code failed} (every try); {@code off} (no {@code TRACKER_SLACK_WEBHOOK_URL}); {@code not sent}:
     * another delivery's note was kept, and that delivery tells Slack; {@code none}: nothing to tell (no notice).
     */
    public enum Outcome {
        SENT("sent"), FAILED("failed"), OFF("off"), NOT_SENT("not sent"), NONE("none");

        private final String value;

        Outcome(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    private final TrackerConfig config;
    private final SlackPost slack;

    public SlackWebhook(TrackerConfig config, SlackPost slack) {
        this.config = config;
        this.slack = slack;
    }

    public boolean configured() {
        return config.slack().webhookUrl().isPresent();
    }

    /** Posts {@code message} (serialized as JSON); waits, so it is called on a worker thread. */
    public Outcome post(Invocation invocation, Object message) {
        if (config.slack().webhookUrl().isEmpty()) {
            return Outcome.OFF;
        }
        return slack.post(config.slack().webhookUrl().get(), message, "the run notice", invocation::remainingMillis) ? Outcome.SENT
                : Outcome.FAILED;
    }
}
