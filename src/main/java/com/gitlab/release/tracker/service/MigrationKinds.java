package com.gitlab.release.tracker.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.MigrationKind;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.gitlab.GitLab;

/** What post-migrations do: each file read at a commit (a few at a time) and classified. */
@ApplicationScoped
public class MigrationKinds {
    private static final Logger LOG = Logger.getLogger(MigrationKinds.class);
    /** Files read at once for one call. */
    private static final int READERS = 4;

    private final GitLab gitlab;
    private final TrackerConfig config;

    public MigrationKinds(GitLab gitlab, TrackerConfig config) {
        this.gitlab = gitlab;
        this.config = config;
    }

    /**
     * The kind of each post-migration, read at {@code ref}. A file that cannot be read (deleted since, GitLab
     * failing) is left out: it is listed unclassified, never an error.
     */
    public Map<String, MigrationKind> of(Collection<String> paths, CommitSha ref) {
        List<String> list = List.copyOf(paths);
        List<Optional<MigrationKind>> kinds = Parallel.map(list, READERS, path -> read(path, ref));
        Map<String, MigrationKind> byPath = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String path = list.get(i);
            kinds.get(i).ifPresent(kind -> byPath.put(path, kind));
        }
        return byPath;
    }

    private Optional<MigrationKind> read(String path, CommitSha ref) {
        try {
            return Optional.of(MigrationKind.classify(path, gitlab.rawFile(config.sourceProject(), path, ref.value())));
        } catch (TrackerException e) {
            LOG.infof("%s left unclassified: %s", path, e.getMessage());
            return Optional.empty();
        }
    }
}
