package com.gitlab.release.tracker.migrations;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.Converters;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.migrations.PostMigrationRule;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabDiff;
import com.gitlab.release.tracker.gitlab.GitLabSlowException;
import com.gitlab.release.tracker.gitlab.GitLabUnavailableException;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.smallrye.mutiny.Uni;

/**
 * The post-migrations introduced between two commits of the source project: from GitLab's compare, or, when the
 * compare is cut short at GitLab's diff limits, too slow (read timeout, 502, 504: not retried) or keeps failing,
 * from the post-migrate folders listed at both commits.
 */
@ApplicationScoped
public class PostMigrationFinder {
    private static final Logger LOG = Logger.getLogger(PostMigrationFinder.class);

    private final GitLab gitlab;
    private final TrackerConfig config;
    private final PostMigrationRule rule;

    public PostMigrationFinder(GitLab gitlab, TrackerConfig config) {
        this.gitlab = gitlab;
        this.config = config;
        this.rule = new PostMigrationRule(config.postMigratePaths());
    }

    /** The post-migrations a package introduced since its baseline, and the compare that shows them. */
    public record Introduced(SortedSet<String> postMigrations, String compareUrl) {
    }

    public Uni<Introduced> introduced(Invocation invocation, CommitSha from, CommitSha to) {
        String project = config.sourceProject();
        String compareUrl = compareUrl(project, from, to);
        return gitlab.compare(invocation, project, from.value(), to.value())
                .map(Optional::of)
                // Only the compare's own failure falls back: a failing folder listing is the answer's failure.
                .onFailure(GitLabUnavailableException.class).recoverWithItem(failure -> {
                    LOG.warnf("compare %s...%s %s (%s); listing the post-migrate folders instead", from.shortSha(), to.shortSha(),
                            failure instanceof GitLabSlowException ? "is too slow" : "kept failing", failure.getMessage());
                    return Optional.empty();
                })
                .chain(compare -> {
                    if (compare.isPresent() && !compare.get().compareTimeout()) {
                        return Uni.createFrom().item(rule.introducedBy(compare.get().diffs().stream().map(GitLabDiff::toFileChange).toList()));
                    }
                    if (compare.isPresent()) {
                        // GitLab's compare_timeout is diffs.overflow?: the list was cut at its diff limits, not a timeout.
                        LOG.infof("compare %s...%s has more files than GitLab's diff limits (compare_timeout: the diff list was"
                                + " cut short); listing the post-migrate folders instead", from.shortSha(), to.shortSha());
                    }
                    return fromFolderListings(invocation, project, from, to);
                })
                .map(postMigrations -> new Introduced(postMigrations, compareUrl));
    }

    /** Whether {@code to} has commits that {@code from} has not (GitLab's compare lists them). */
    public Uni<Boolean> hasCommitsSince(Invocation invocation, CommitSha from, CommitSha to) {
        return gitlab.compare(invocation, config.sourceProject(), from.value(), to.value()).map(compare -> !compare.commits().isEmpty());
    }

    /** The post-migrate folders listed at both commits, side by side. */
    private Uni<SortedSet<String>> fromFolderListings(Invocation invocation, String project, CommitSha from, CommitSha to) {
        return Concurrently.both(listFolders(invocation, project, from), listFolders(invocation, project, to),
                (before, after) -> rule.introducedBetween(new HashSet<>(before), after));
    }

    /**
     * Every file in the post-migrate folders at a commit, the folders listed side by side. A folder missing at that
     * commit (GitLab answers 404) has no files; when every folder is missing, the commit itself is unknown.
     */
    private Uni<List<String>> listFolders(Invocation invocation, String project, CommitSha ref) {
        List<Uni<Optional<List<String>>>> listings = rule.folders().stream()
                .map(folder -> gitlab.listFolder(invocation, project, folder, ref.value()).map(Optional::of)
                        .onFailure(NotFoundException.class).recoverWithItem(Optional.empty()))
                .toList();
        return Uni.join().all(listings).andFailFast().map(found -> {
            if (found.stream().allMatch(Optional::isEmpty)) {
                throw new NotFoundException("GitLab knows none of the post-migrate folders at commit " + ref.value()
                        + " in " + project + ": the commit does not exist, or the token cannot see it");
            }
            List<String> paths = new ArrayList<>();
            found.forEach(listing -> listing.ifPresent(paths::addAll));
            return paths;
        });
    }

    private String compareUrl(String project, CommitSha from, CommitSha to) {
        String base = Converters.withoutSecrets(config.gitlab().url()).replaceAll("/+$", "");
        return base + "/" + project + "/-/compare/" + from.value() + "..." + to.value();
    }
}
