package com.gitlab.release.tracker.gitlab;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Some reads are given up before they end: one started early that the call turned out not to need, a compare
 * waited for no longer than half the time left. A failure such a read reports afterwards has nobody to go to:
 * Mutiny "drops" it, which Quarkus logs as an error. It is expected, so it is logged at debug level.
 */
@Singleton
public class CancelledReads {
    private static final Logger LOG = Logger.getLogger(CancelledReads.class);

    void quietDroppedFailures(@Observes StartupEvent started) {
        Infrastructure.setDroppedExceptionHandler(failure -> LOG.debugf("a failure after its read was no longer waited for: %s", failure));
    }
}
