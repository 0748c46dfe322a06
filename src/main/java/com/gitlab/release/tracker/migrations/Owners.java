package com.gitlab.release.tracker.migrations;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabMergeRequest;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Who brought each post-migration: the merge request whose merge added its file. The file's first-parent history at
 * the package's commit ends with that merge; its message names the MR ({@code See merge request ...!123}), else the
 * canonical project ({@code TRACKER_CANONICAL_PROJECT}) is asked which MRs hold it; a message naming an MR of any
 * other project is not believed. Two requests per post-migration,
 * beside the file reads; a later MR that changed the file is not its owner. None found, or GitLab failing: the
 * post-migration is listed without it (logged), never an error.
 */
@ApplicationScoped
public class Owners {
    private static final Logger LOG = Logger.getLogger(Owners.class);

    private final GitLab gitlab;
    private final TrackerConfig config;

    public Owners(GitLab gitlab, TrackerConfig config) {
        this.gitlab = gitlab;
        this.config = config;
    }

    /** The merge request of each post-migration at {@code ref} for which one is found. */
    public Uni<Map<String, MergeRequest>> of(Invocation invocation, Collection<String> paths, CommitSha ref) {
        if (paths.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return Multi.createFrom().iterable(List.copyOf(paths))
                .onItem().transformToUni(path -> of(invocation, path, ref).map(found -> Map.entry(path, found)))
                .merge(gitlab.concurrency())
                .collect().in(HashMap<String, MergeRequest>::new,
                        (byPath, found) -> found.getValue().ifPresent(mr -> byPath.put(found.getKey(), mr)));
    }

    private Uni<Optional<MergeRequest>> of(Invocation invocation, String path, CommitSha ref) {
        return gitlab.addingCommit(invocation, config.sourceProject(), path, ref.value()).chain(commit -> {
            if (commit.isEmpty()) {
                return Uni.createFrom().item(Optional.<MergeRequest>empty());
            }
            // Believed only for a project the function knows: a commit message may name any MR, a private one too,
            // whose title would then go into a public note.
            Optional<MergeRequest.Reference> named = MergeRequest.namedIn(commit.get().message())
                    .filter(reference -> knownProject(reference.project()));
            if (named.isPresent() && !named.get().project().equalsIgnoreCase(config.canonicalProject())) {
                // The security mirror: its fixes are embargoed and the notes are public; nothing of the MR is read.
                return Uni.createFrom().item(Optional.of(MergeRequest.securityMergeRequest()));
            }
            if (named.isPresent()) {
                return gitlab.mergeRequest(invocation, named.get().project(), named.get().iid()).map(mr -> Optional.of(of(mr)));
            }
            return gitlab.commitMergeRequests(invocation, config.canonicalProject(), commit.get().id())
                    .map(found -> found.stream().filter(mr -> "merged".equals(mr.state())).findFirst()
                            .or(() -> found.stream().findFirst()).map(Owners::of))
                    // The canonical project unknown to this GitLab (or the token): no MR from there.
                    .onFailure(NotFoundException.class).recoverWithItem(Optional.empty());
        }).onFailure(TrackerException.class).recoverWithItem(failure -> {
            LOG.warnf("no merge request for %s: %s", path, failure.getMessage());
            return Optional.empty();
        });
    }

    /** The source or the canonical project, as a commit message spells them. */
    private boolean knownProject(String project) {
        return project.equalsIgnoreCase(config.sourceProject()) || project.equalsIgnoreCase(config.canonicalProject());
    }

    private static MergeRequest of(GitLabMergeRequest mr) {
        return new MergeRequest(mr.iid(), mr.webUrl(), mr.title(), mr.author() == null ? null : mr.author().username(),
                MergeRequest.groupOf(mr.labels()), mr.milestone() == null ? null : mr.milestone().title());
    }
}
