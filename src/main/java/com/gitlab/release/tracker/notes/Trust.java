package com.gitlab.release.tracker.notes;

import java.util.function.Predicate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.notes.RecordAuthors;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabRefusedException;
import com.gitlab.release.tracker.gitlab.GitLabUser;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;

/**
 * Whose notes and issues the function believes ({@link RecordAuthors}): the token's own user, read once per process
 * ({@code GET /user}, remembered with quarkus-cache; a failure is not remembered), and {@code TRACKER_TRUSTED_AUTHORS}.
 * Every record found from anyone else is ignored, logged once and counted ({@code tracker_untrusted_records_total{kind}}).
 */
@ApplicationScoped
public class Trust {
    private static final Logger LOG = Logger.getLogger(Trust.class);
    static final String TOKEN_USER = "token-user";
    /** Untrusted records remembered as logged, at most: one log line each, however often they are read. */
    private static final int REPORTED = 10_000;

    /** What an untrusted record was: a note with the function's marker, or an issue titled like its issues. */
    public enum Kind {
        PACKAGE_NOTE("package-note"), RUN_NOTE("run-note"), QA_NOTE("qa-note"), NOTICE_NOTE("notice-note"), NOTE("note"),
        RELEASE_ISSUE("release-issue"), TRACKING_ISSUE("tracking-issue"), QA_ISSUE("qa-issue");

        private final String value;

        Kind(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    private final GitLab gitlab;
    private final List<String> trusted;
    private final MeterRegistry metrics;
    private final Cache tokenUser;
    private final Set<String> reported = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REPORTED;
        }
    }));
    /** The last authors read, for readiness (which asks GitLab nothing). */
    private volatile RecordAuthors known;

    public Trust(GitLab gitlab, TrackerConfig config, MeterRegistry metrics, @CacheName(TOKEN_USER) Cache tokenUser) {
        this.gitlab = gitlab;
        // As written in TRACKER_TRUSTED_AUTHORS ("@name" or "name"); the setting's form is checked at start.
        this.trusted = config.trustedAuthors().orElse(List.of()).stream().map(String::trim)
                .map(name -> name.startsWith("@") ? name.substring(1) : name).filter(name -> !name.isEmpty()).toList();
        this.metrics = metrics;
        this.tokenUser = tokenUser;
    }

    /**
     * The authors whose records count. A token GitLab refuses (401, 403: none, or expired) leaves only
     * {@code TRACKER_TRUSTED_AUTHORS}; that is remembered too, and logged.
     */
    public Uni<RecordAuthors> authors(Invocation invocation) {
        return tokenUser.<String, RecordAuthors>getAsync(TOKEN_USER, key -> gitlab.currentUser(invocation)
                .map(user -> Optional.of(new RecordAuthors.Author(user.id(), user.username())))
                .onFailure(GitLabRefusedException.class).recoverWithItem(failure -> {
                    LOG.warnf("GitLab does not name the token's user (%s): only TRACKER_TRUSTED_AUTHORS' notes and issues are"
                            + " records", failure.getMessage());
                    return Optional.empty();
                })
                .map(self -> RecordAuthors.of(self, trusted)))
                .invoke(authors -> known = authors);
    }

    /** The authors, as far as known without asking GitLab: the configured ones until the token's user has been read. */
    public String describe() {
        RecordAuthors now = known;
        if (now != null) {
            return now.describe();
        }
        String others = trusted.isEmpty() ? "" : ", " + String.join(", ", trusted);
        return "the token's user (read at the first call)" + others;
    }

    /** Every kind's counter exists from start, at zero: the dashboard's panel shows 0, not "no data". */
    void registerAtStart(@Observes StartupEvent start) {
        for (Kind kind : Kind.values()) {
            counter(kind);
        }
    }

    private Counter counter(Kind kind) {
        return Counter.builder("tracker.untrusted.records")
                .description("Records (notes, issues) found from an author the function does not trust, and ignored, by kind")
                .tag("kind", kind.value()).register(metrics);
    }

    /** A record from an author not trusted: ignored; logged and counted once per record. */
    public void untrusted(Kind kind, String where, long id, GitLabUser author) {
        if (!reported.add(kind.value() + " " + where + " " + id)) {
            return;
        }
        counter(kind).increment();
        LOG.warnf("ignoring %s %d on %s: written by %s, whom the function does not trust (the token's user or"
                + " TRACKER_TRUSTED_AUTHORS)", kind.value(), id, where,
                author == null ? "an unknown author" : Input.shown(String.valueOf(author.username())));
    }

    /** The author of a note or issue as the rule takes it. */
    public static RecordAuthors.Author author(GitLabUser user) {
        return user == null ? null : new RecordAuthors.Author(user.id(), user.username());
    }

    /** Whose notes are kept whole when an issue's notes are read ({@link GitLab#firstNotesPage}). */
    public static Predicate<GitLabUser> trusting(RecordAuthors authors) {
        return user -> authors.trusts(author(user));
    }

    /** Forgets the token's user and what was logged (tests start a new GitLab world). */
    public void forget() {
        tokenUser.invalidateAll().await().indefinitely();
        reported.clear();
        known = null;
    }
}
