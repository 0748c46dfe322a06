package com.gitlab.release.tracker.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.CommitSha;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.PostMigrationRule;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabCompare;
import com.gitlab.release.tracker.gitlab.GitLabDiff;
import com.gitlab.release.tracker.gitlab.GitLabSlowException;
import com.gitlab.release.tracker.gitlab.GitLabUnavailableException;

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

    public record Found(SortedSet<String> postMigrations, String compareUrl) {
    }

    public Found introduced(CommitSha from, CommitSha to) {
        String project = config.sourceProject();
        String compareUrl = compareUrl(project, from, to);
        GitLabCompare compare;
        try {
            compare = gitlab.compare(project, from.value(), to.value());
        } catch (GitLabSlowException e) {
            LOG.warnf("compare %s...%s is too slow (%s); listing the post-migrate folders instead",
                    from.shortSha(), to.shortSha(), e.getMessage());
            return new Found(fromFolderListings(project, from, to), compareUrl);
        } catch (GitLabUnavailableException e) {
            LOG.warnf("compare %s...%s kept failing (%s); listing the post-migrate folders instead",
                    from.shortSha(), to.shortSha(), e.getMessage());
            return new Found(fromFolderListings(project, from, to), compareUrl);
        }
        if (compare.compareTimeout()) {
            // GitLab's compare_timeout is diffs.overflow?: the list was cut at its diff limits, not a timeout.
            LOG.infof("compare %s...%s has more files than GitLab's diff limits (compare_timeout: the diff list was cut"
                    + " short); listing the post-migrate folders instead", from.shortSha(), to.shortSha());
            return new Found(fromFolderListings(project, from, to), compareUrl);
        }
        return new Found(rule.introducedBy(compare.diffs().stream().map(GitLabDiff::toFileChange).toList()), compareUrl);
    }

    /** Whether {@code to} has commits that {@code from} has not (GitLab's compare lists them). */
    public boolean hasCommitsSince(CommitSha from, CommitSha to) {
        return !gitlab.compare(config.sourceProject(), from.value(), to.value()).commits().isEmpty();
    }

    private SortedSet<String> fromFolderListings(String project, CommitSha from, CommitSha to) {
        Set<String> before = new HashSet<>(listFolders(project, from));
        return rule.introducedBetween(before, listFolders(project, to));
    }

    /**
     * Every file in the post-migrate folders at a commit. A folder missing at that commit (GitLab answers 404) has
     * no files; when every folder is missing, the commit itself is unknown.
     */
    private List<String> listFolders(String project, CommitSha ref) {
        List<String> paths = new ArrayList<>();
        int missing = 0;
        for (String folder : rule.folders()) {
            try {
                paths.addAll(gitlab.listFolder(project, folder, ref.value()));
            } catch (NotFoundException e) {
                missing++;
            }
        }
        if (missing == rule.folders().size()) {
            throw new NotFoundException("GitLab knows none of the post-migrate folders at commit " + ref.value()
                    + " in " + project + ": the commit does not exist, or the token cannot see it");
        }
        return paths;
    }

    private String compareUrl(String project, CommitSha from, CommitSha to) {
        String base = config.gitlab().url().replaceAll("/+$", "");
        return base + "/" + project + "/-/compare/" + from.value() + "..." + to.value();
    }
}
