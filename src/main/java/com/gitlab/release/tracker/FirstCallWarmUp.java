package com.gitlab.release.tracker;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.notes.PackageNote;
import com.gitlab.release.tracker.domain.notes.PackageRecord;
import com.gitlab.release.tracker.domain.releases.PackageVersion;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabNote;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.notes.Trust;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Right after start, on a worker thread, prepares what every first call would otherwise build while the caller
 * waits: the GitLab client, Jackson's readers of GitLab's answers and writers of the function's answers (built once
 * per type and kept by the shared {@link ObjectMapper}), the note format, and (unless {@code TRACKER_GITLAB_WARM_UP}
 * is false) one read of the source project from GitLab, which opens the connection the first call will use. A call
 * that comes meanwhile is not held up: it builds what it needs itself.
 */
@Singleton
public class FirstCallWarmUp {
    private static final Logger LOG = Logger.getLogger(FirstCallWarmUp.class);
    private static final Duration WARM_UP_DEADLINE = Duration.ofSeconds(10);

    private final ObjectMapper json;
    private final GitLab gitlab;
    private final TrackerConfig config;
    private final Trust trust;

    public FirstCallWarmUp(ObjectMapper json, GitLab gitlab, TrackerConfig config, Trust trust) {
        this.json = json;
        this.gitlab = gitlab;
        this.config = config;
        this.trust = trust;
    }

    void warmUp(@Observes StartupEvent started) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            long start = System.nanoTime();
            try {
                int answers = gitlab.warmUp(json);
                if (config.gitlab().warmUp()) {
                    readSourceProject();
                    readTokenUser();
                }
                List.of(GitLabNote.class, GitLabNote.Create.class).forEach(json::writerFor);
                java.util.Arrays.stream(Functions.Question.values()).map(Functions.Question::answer)
                        .filter(type -> type != Object.class).forEach(json::writerFor);
                PackageVersion version = PackageVersion.parse("14.8.202202080920-97d6e07c2a1.4ce763dbce1");
                String path = "db/post_migrate/20220201173212_add_index.rb";
                PackageRecord record = new PackageRecord(version.toString(), "97d6e07c2a1b2c3d4e5f60718293a4b5c6d7e8f9",
                        "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567", List.of(path), version.release().toString());
                PackageNote.parse(PackageNote.render(record, "base", "gstg-cny", "https://gitlab.example.com/compare",
                        java.util.Map.of(path, MigrationKind.classify(path, "class AddIndex < Gitlab::Database::Migration[2.2]\nend\n"))));
                LOG.debugf("first-call warm-up done in %.1f ms (%d GitLab answer types)", (System.nanoTime() - start) / 1e6, answers);
            } catch (RuntimeException | LinkageError e) { // LinkageError: a native image without reflection data
                LOG.debugf("first-call warm-up stopped: %s", e); // only a head start: the calls build what they need
            }
        });
    }

    /** The token's user, whose notes are the records: remembered, so that the first call that reads notes need not ask. */
    private void readTokenUser() {
        trust.authors(Invocation.start(WARM_UP_DEADLINE)).subscribe().with(
                authors -> LOG.infof("records are the notes and issues of %s", authors.describe()),
                failure -> LOG.warnf("warm-up: GitLab did not name the token's user: %s", failure.getMessage()));
    }

    /**
     * One GitLab read through the path every call takes (the client, its connection, a JSON answer): the first call
     * then finds them ready, and the answer (the default branch, which {@link GitLab} remembers) is the ref of the
     * first package's deployment. Not waited for; a failure is only logged, as the calls would meet it too.
     */
    private void readSourceProject() {
        String project = config.sourceProject();
        gitlab.defaultBranch(Invocation.start(WARM_UP_DEADLINE), project).subscribe().with(
                branch -> LOG.debugf("warm-up: %s's default branch is %s", project, branch),
                failure -> LOG.warnf("warm-up: GitLab did not answer a read of %s: %s (TRACKER_GITLAB_WARM_UP=false stops this read)",
                        project, failure.getMessage()));
    }
}
