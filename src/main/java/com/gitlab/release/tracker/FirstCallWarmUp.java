package com.gitlab.release.tracker;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.domain.MigrationKind;
import com.gitlab.release.tracker.domain.PackageNote;
import com.gitlab.release.tracker.domain.PackageRecord;
import com.gitlab.release.tracker.domain.PackageVersion;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;
import com.gitlab.release.tracker.gitlab.GitLabIssue;
import com.gitlab.release.tracker.gitlab.GitLabNote;
import com.gitlab.release.tracker.gitlab.GitLabTreeEntry;
import com.gitlab.release.tracker.packages.RecordPackageAnswer;
import com.gitlab.release.tracker.queries.PendingPostMigrations;
import com.gitlab.release.tracker.queries.ReleasePostMigrations;
import com.gitlab.release.tracker.queries.RollbackCheck;
import com.gitlab.release.tracker.queries.WhichPackage;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Right after start, on a worker thread, prepares what every first call would otherwise build while the caller
 * waits: Jackson's readers of GitLab's answers and writers of the function's answers (built once per type and
 * kept by the shared {@link ObjectMapper}), and the note format. No GitLab request is made. A call that comes
 * meanwhile is not held up: it builds what it needs itself.
 */
@Singleton
public class FirstCallWarmUp {
    private static final Logger LOG = Logger.getLogger(FirstCallWarmUp.class);

    private final ObjectMapper json;

    public FirstCallWarmUp(ObjectMapper json) {
        this.json = json;
    }

    void warmUp(@Observes StartupEvent started) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            long start = System.nanoTime();
            try {
                List.of(new TypeReference<List<GitLabNote>>() { }, new TypeReference<List<GitLabDeployment>>() { },
                        new TypeReference<List<GitLabIssue>>() { }, new TypeReference<List<GitLabTreeEntry>>() { })
                        .forEach(json::readerFor);
                List.of(GitLabNote.class, GitLabNote.Create.class, RecordPackageAnswer.class, WhichPackage.Answer.class,
                        RollbackCheck.Answer.class, PendingPostMigrations.Answer.class, ReleasePostMigrations.Answer.class)
                        .forEach(json::writerFor);
                PackageVersion version = PackageVersion.parse("14.8.202202080920-97d6e07c2a1.4ce763dbce1");
                String path = "db/post_migrate/20220201173212_add_index.rb";
                PackageRecord record = new PackageRecord(version.toString(), "97d6e07c2a1b2c3d4e5f60718293a4b5c6d7e8f9",
                        "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567", List.of(path), version.release().toString());
                PackageNote.parse(PackageNote.render(record, "base", "gstg-cny", "https://gitlab.example.com/compare",
                        java.util.Map.of(path, MigrationKind.classify(path, "class AddIndex < Gitlab::Database::Migration[2.2]\nend\n"))));
                LOG.debugf("first-call warm-up done in %.1f ms", (System.nanoTime() - start) / 1e6);
            } catch (RuntimeException e) {
                LOG.debugf("first-call warm-up stopped: %s", e); // only a head start: the calls build what they need
            }
        });
    }
}
