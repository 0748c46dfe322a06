package com.gitlab.release.tracker.service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.IssueRef;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.Release;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabIssue;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.smallrye.mutiny.Uni;

/** Finds the monthly release issue: by IID, by release ({@code Release 14.8}), or the newest open one. */
@ApplicationScoped
public class ReleaseIssues {

    private final GitLab gitlab;
    private final TrackerConfig config;
    private final Pattern titlePattern;
    private final Map<String, Remembered> searches = new ConcurrentHashMap<>();

    public ReleaseIssues(GitLab gitlab, TrackerConfig config) {
        this.gitlab = gitlab;
        this.config = config;
        String[] parts = config.releaseTitle().split("%s", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("tracker.release-title must contain %s exactly once: " + config.releaseTitle());
        }
        this.titlePattern = Pattern.compile(Pattern.quote(parts[0]) + "(\\d+\\.\\d+)" + Pattern.quote(parts[1]));
    }

    public Uni<NoteIssue> byIid(Invocation invocation, long iid) {
        return gitlab.issue(invocation, config.releaseProject(), iid).map(this::inReleaseProject)
                .onFailure(NotFoundException.class).transform(e -> new NotFoundException("issue #" + iid
                        + " does not exist in " + config.releaseProject() + " (or the token cannot see it)"));
    }

    /** The issue titled exactly {@code Release 14.8} (open or closed); a longer title does not count. */
    public Uni<NoteIssue> forRelease(Invocation invocation, Release release) {
        String title = titleOf(release);
        return search(invocation, title, "all", found -> found.stream().anyMatch(issue -> title.equals(issue.title())))
                .map(found -> found.stream()
                .filter(issue -> title.equals(issue.title()))
                .min(Comparator.comparing((GitLabIssue issue) -> !"opened".equals(issue.state()))
                        .thenComparing(Comparator.comparingLong(GitLabIssue::iid).reversed()))
                .map(this::inReleaseProject)
                .orElseThrow(() -> new NotFoundException("no issue titled '" + title + "' in " + config.releaseProject()
                        + ": create it, or pass its IID as 'issue'")));
    }

    /** The open release issue of the highest release, for calls that name no release. */
    public Uni<NoteIssue> newestOpen(Invocation invocation) {
        String prefix = config.releaseTitle().substring(0, config.releaseTitle().indexOf("%s")).trim();
        return search(invocation, prefix, "opened", this::anyReleaseIssue).map(open -> open.stream()
                .filter(issue -> releaseOf(issue).isPresent())
                .max(Comparator.comparing((GitLabIssue issue) -> releaseOf(issue).orElseThrow()))
                .map(this::inReleaseProject)
                .orElseThrow(() -> new NotFoundException("no open issue titled like '" + config.releaseTitle()
                        + "' in " + config.releaseProject() + ": pass 'release' or 'issue'")));
    }

    /** The {@code count} release issues of the highest releases, open or closed, highest first. */
    public Uni<List<NoteIssue>> recent(Invocation invocation, int count) {
        String prefix = config.releaseTitle().substring(0, config.releaseTitle().indexOf("%s")).trim();
        return search(invocation, prefix, "all", this::anyReleaseIssue).map(found -> found.stream()
                .filter(issue -> releaseOf(issue).isPresent())
                .sorted(Comparator.comparing((GitLabIssue issue) -> releaseOf(issue).orElseThrow()).reversed())
                .limit(count)
                .map(this::inReleaseProject)
                .toList());
    }

    /**
     * A search, remembered for {@code TRACKER_ISSUE_CACHE} once it found what was looked for; while it runs,
     * callers share it.
     */
    private record Remembered(Uni<List<GitLabIssue>> issues, long expiresNanos) {
        boolean fresh() {
            return System.nanoTime() - expiresNanos < 0;
        }
    }

    /**
     * GitLab's issue search, remembered for a while: GitLab.com allows 30 searches a minute per user, and a backfill
     * of hundreds of packages looks up the same release issue each time. One search per term at a time: concurrent
     * callers share it rather than search too. An answer without what was looked for (or a failure) is not
     * remembered, so an issue created since is found at the next call.
     */
    private Uni<List<GitLabIssue>> search(Invocation invocation, String term, String state,
            Predicate<List<GitLabIssue>> worthKeeping) {
        String key = state + " " + term;
        return Uni.createFrom().deferred(() -> {
            Remembered remembered = searches.compute(key, (k, old) -> old != null && old.fresh() ? old
                    : new Remembered(gitlab.searchIssues(invocation, config.releaseProject(), term, state).memoize().indefinitely(),
                            System.nanoTime() + config.issueCache().toNanos()));
            return remembered.issues()
                    .invoke(found -> {
                        if (!worthKeeping.test(found)) {
                            searches.remove(key, remembered);
                        }
                    })
                    .onFailure().invoke(failure -> searches.remove(key, remembered));
        });
    }

    /** Forgets every remembered search (the tests' GitLab starts a new world before each test). */
    public void forgetSearches() {
        searches.clear();
    }

    private boolean anyReleaseIssue(List<GitLabIssue> found) {
        return found.stream().anyMatch(issue -> releaseOf(issue).isPresent());
    }

    /** The configured tracking issue, if any. */
    public Uni<Optional<NoteIssue>> tracking(Invocation invocation) {
        Optional<IssueRef> configured = config.trackingIssue().filter(t -> !t.isBlank()).map(IssueRef::parse);
        if (configured.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        IssueRef ref = configured.get();
        return gitlab.issue(invocation, ref.project(), ref.iid()).map(issue -> Optional.of(new NoteIssue(ref.project(), issue)))
                .onFailure(NotFoundException.class).transform(e -> new NotFoundException("the tracking issue " + ref
                        + " (TRACKER_TRACKING_ISSUE) does not exist or the token cannot see it"));
    }

    /** Whether a tracking issue is configured ({@code TRACKER_TRACKING_ISSUE}). */
    public boolean hasTracking() {
        return config.trackingIssue().filter(t -> !t.isBlank()).isPresent();
    }

    public String titleOf(Release release) {
        return String.format(config.releaseTitle(), release);
    }

    private NoteIssue inReleaseProject(GitLabIssue issue) {
        return new NoteIssue(config.releaseProject(), issue);
    }

    public Optional<Release> releaseOf(GitLabIssue issue) {
        Matcher m = issue.title() == null ? null : titlePattern.matcher(issue.title());
        return m != null && m.matches() ? Optional.of(Release.parse(m.group(1))) : Optional.empty();
    }
}
