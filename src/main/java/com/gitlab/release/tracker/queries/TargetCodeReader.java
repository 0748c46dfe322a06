package com.gitlab.release.tracker.queries;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.domain.migrations.RollbackRisk;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.domain.rollback.Dropped;
import com.gitlab.release.tracker.domain.rollback.TargetCode;
import com.gitlab.release.tracker.domain.rollback.TargetCodeRule;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.migrations.PostMigrationEntry;

import io.smallrye.mutiny.Uni;

/**
 * Reads what the target-code rules ({@link TargetCode}) need of a target package's files, through the repository
 * files API at the target's commit (404: no such file), and judges each destructive post-migration executed beyond
 * it. The {@code db/docs} entries first, then the models they name, each round's files side by side; a file is read
 * once per call ({@link Files}), at most {@value #FILES_PER_CALL} files a call and {@value #LONGEST_FILE} characters a
 * file: what is not read is no proof, so the post-migration stays breaking.
 */
@ApplicationScoped
class TargetCodeReader {
    private static final Logger LOG = Logger.getLogger(TargetCodeReader.class);

    static final int FILES_PER_CALL = 60;
    static final int LONGEST_FILE = 256 * 1024;

    private final GitLab gitlab;
    private final TrackerConfig config;

    TargetCodeReader(GitLab gitlab, TrackerConfig config) {
        this.gitlab = gitlab;
        this.config = config;
    }

    /** The files one call has read, by commit and path: each read once, within the call's bound. */
    final class Files {
        private final Invocation invocation;
        private final Map<String, Uni<Optional<String>>> read = new ConcurrentHashMap<>();
        private final AtomicInteger reads = new AtomicInteger();

        private Files(Invocation invocation) {
            this.invocation = invocation;
        }

        /** Whether GitLab answered 404 for the file at the commit (read before). */
        private final Set<String> absent = ConcurrentHashMap.newKeySet();

        Uni<Optional<String>> at(CommitSha sha, String path) {
            return read.computeIfAbsent(sha.value() + ":" + path, key -> Concurrently.shared(reads.incrementAndGet() > FILES_PER_CALL
                    ? Uni.createFrom().item(Optional.<String>empty())
                    : gitlab.rawFile(invocation, config.sourceProject(), path, sha.value())
                            .map(text -> text.length() > LONGEST_FILE ? Optional.<String>empty() : Optional.of(text))
                            .onFailure(NotFoundException.class).recoverWithItem(() -> {
                                absent.add(sha.value() + ":" + path);
                                return Optional.empty();
                            })
                            .onFailure(TrackerException.class).recoverWithItem(failure -> {
                                LOG.warnf("the target's %s at %s not read: %s", path, sha.shortSha(), failure.getMessage());
                                return Optional.empty();
                            })));
        }

        /** The files as the rules ask for them: a path with {@link TargetCodeRule#ABSENT} after it is there when GitLab said 404. */
        java.util.function.Function<String, Optional<String>> view(CommitSha sha, Map<String, Optional<String>> read) {
            return path -> path.endsWith(TargetCodeRule.ABSENT)
                    ? (absent.contains(sha.value() + ":" + path.substring(0, path.length() - TargetCodeRule.ABSENT.length()))
                            ? Optional.of("") : Optional.empty())
                    : read.getOrDefault(path, Optional.empty());
        }
    }

    /** The files of one call. */
    Files files(Invocation invocation) {
        return new Files(invocation);
    }

    /**
     * Each destructive post-migration beyond the target judged by the target's code, by path; the others (writes,
     * indexes, what cannot be judged) are not the target's code's to speak for.
     */
    Uni<Map<String, TargetCode.Verdict>> judge(Files files, CommitSha target, List<PostMigrationEntry> beyond) {
        List<PostMigrationEntry> destructive = beyond.stream().filter(e -> e.risk() == RollbackRisk.DESTRUCTIVE).toList();
        if (destructive.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Dropped> dropped = TargetCode.dropped(destructive.stream().map(e -> e.operations() == null ? List.<String>of() : e.operations()).toList());
        Map<String, Optional<String>> read = new HashMap<>();
        return readAll(files, target, TargetCode.docs(dropped), read)
                .chain(() -> readAll(files, target, TargetCode.models(dropped, path -> read.getOrDefault(path, Optional.empty())), read))
                .map(ignored -> {
                    Map<String, TargetCode.Verdict> verdicts = new LinkedHashMap<>();
                    for (PostMigrationEntry entry : destructive) {
                        verdicts.put(entry.path(), TargetCode.judge(entry.path(), entry.operations() == null ? List.of() : entry.operations(),
                                files.view(target, read), target.shortSha()));
                    }
                    return verdicts;
                });
    }

    private Uni<Void> readAll(Files files, CommitSha target, Set<String> paths, Map<String, Optional<String>> into) {
        List<String> wanted = paths.stream().filter(path -> !into.containsKey(path)).toList();
        return Concurrently.all(wanted.stream().map(path -> files.at(target, path)).toList(), gitlab.concurrency())
                .invoke(texts -> {
                    synchronized (into) {
                        for (int i = 0; i < wanted.size(); i++) {
                            into.put(wanted.get(i), texts.get(i));
                        }
                    }
                }).replaceWithVoid();
    }
}
