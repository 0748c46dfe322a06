package com.gitlab.release.tracker.chat;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;

/**
 * Delivers a slash command's late answer to its {@code response_url}, only when that URL starts with
 * {@code TRACKER_SLACK_RESPONSE_URL_PREFIX}: a request cannot point the function at another host. Slack accepts up
 * to five posts within 30 minutes; a failed post is tried again ({@link SlackPost}).
 */
@ApplicationScoped
public class SlackResponseUrl {
    private static final Logger LOG = Logger.getLogger(SlackResponseUrl.class);

    private final TrackerConfig config;
    private final SlackPost slack;

    public SlackResponseUrl(TrackerConfig config, SlackPost slack) {
        this.config = config;
        this.slack = slack;
    }

    boolean allowed(String responseUrl) {
        return responseUrl != null && responseUrl.startsWith(config.slack().responseUrlPrefix().toString());
    }

    void post(String responseUrl, SlackMessage message) {
        if (!allowed(responseUrl)) {
            LOG.warnf("not posting to response_url %s: it does not start with TRACKER_SLACK_RESPONSE_URL_PREFIX", responseUrl);
            return;
        }
        // Slack takes a late answer for 30 minutes: the tries are bounded by their own timeouts, not by a deadline.
        slack.post(URI.create(responseUrl), message, "the late answer", () -> Long.MAX_VALUE);
    }
}
