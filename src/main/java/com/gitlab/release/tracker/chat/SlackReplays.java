package com.gitlab.release.tracker.chat;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The signatures of the Slack requests this instance accepted within Slack's 5-minute window: a request signed
 * right but seen before is a replay (anyone who saw it once, in a proxy's log say, could send it again while its
 * timestamp is fresh). At most {@value #REMEMBERED} are kept, the oldest forgotten first; each instance keeps its
 * own, so with several instances a replay can reach each one once within the window.
 */
@ApplicationScoped
public class SlackReplays {
    static final int REMEMBERED = 10_000;

    /** Signature to its request's timestamp, in the order they came. */
    private final Map<String, Long> seen = new LinkedHashMap<>();

    /** Whether this signature is seen for the first time within its window; remembers it. */
    public synchronized boolean firstTime(String signature, long timestampSeconds, Instant now) {
        for (Iterator<Map.Entry<String, Long>> oldest = seen.entrySet().iterator(); oldest.hasNext();) {
            Map.Entry<String, Long> entry = oldest.next();
            // Forgotten only once the signature itself refuses the request: a replay is refused all through its window.
            if (SlackSignature.fresh(entry.getValue(), now) && seen.size() < REMEMBERED) {
                break;
            }
            oldest.remove();
        }
        return seen.putIfAbsent(signature, timestampSeconds) == null;
    }
}
