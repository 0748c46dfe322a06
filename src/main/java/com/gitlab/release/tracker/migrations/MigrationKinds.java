package com.gitlab.release.tracker.migrations;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.domain.migrations.MigrationKind;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** What post-migrations do: each file read at a commit (a few at a time) and classified. */
@ApplicationScoped
public class MigrationKinds {
    private static final Logger LOG = Logger.getLogger(MigrationKinds.class);
    private final GitLab gitlab;
    private final TrackerConfig config;

    public MigrationKinds(GitLab gitlab, TrackerConfig config) {
        this.gitlab = gitlab;
        this.config = config;
    }

    /**
     * The kind of each post-migration, read at {@code ref}, {@code TRACKER_GITLAB_CONCURRENCY} files at a time. A
     * file that cannot be read (deleted since, GitLab failing) is left out: it is listed unclassified, never an error.
     */
    public Uni<Map<String, MigrationKind>> of(Invocation invocation, Collection<String> paths, CommitSha ref) {
        if (paths.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return Multi.createFrom().iterable(List.copyOf(paths))
                .onItem().transformToUni(path -> read(invocation, path, ref))
                .merge(gitlab.concurrency())
                .collect().in(HashMap<String, MigrationKind>::new,
                        (byPath, classified) -> classified.ifPresent(c -> byPath.put(c.getKey(), c.getValue())));
    }

    private Uni<Optional<Map.Entry<String, MigrationKind>>> read(Invocation invocation, String path, CommitSha ref) {
        return gitlab.rawFile(invocation, config.sourceProject(), path, ref.value())
                // Classified on a worker thread: the file is anyone's text, and the event loop serves every call.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(text -> Optional.of(Map.entry(path, MigrationKind.classify(path, text))))
                .onFailure(TrackerException.class).recoverWithItem(failure -> {
                    LOG.infof("%s left unclassified: %s", path, failure.getMessage());
                    return Optional.empty();
                });
    }
}
