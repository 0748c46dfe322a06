package com.gitlab.release.tracker.notes;

import java.util.Comparator;
import java.util.List;

import com.gitlab.release.tracker.domain.notes.RecordAuthors;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.notes.IssueRef;
import com.gitlab.release.tracker.domain.releases.Release;
import com.gitlab.release.tracker.domain.releases.ReleaseTitle;
import com.gitlab.release.tracker.gitlab.Concurrently;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabIssue;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;

/** Finds the issues notes go on: the monthly release issue (by IID, by release, the newest open one), the tracking issue. */
@ApplicationScoped
public class ReleaseIssues {
    /** The cache of issue searches; its lifetime is {@code TRACKER_ISSUE_CACHE} (application.properties). */
    static final String SEARCHES = "release-issue-searches";

    private final GitLab gitlab;
    private final TrackerConfig config;
    private final ReleaseTitle title;
    private final Cache searches;
    private final Trust trust;

    public ReleaseIssues(GitLab gitlab, TrackerConfig config, @CacheName(SEARCHES) Cache searches, Trust trust) {
        this.gitlab = gitlab;
        this.config = config;
        this.title = config.releaseTitle();
        this.searches = searches;
        this.trust = trust;
    }

    /** The issue a caller named by IID: one a trusted author opened, like every issue the function writes on. */
    public Uni<NoteIssue> byIid(Invocation invocation, long iid) {
        Uni<GitLabIssue> named = gitlab.issue(invocation, config.releaseProject(), iid).onFailure(NotFoundException.class)
                .transform(e -> new NotFoundException("issue #" + iid + " does not exist in " + config.releaseProject()
                        + " (or the token cannot see it)"));
        return Concurrently.both(named, trust.authors(invocation), (issue, authors) -> {
            if (!authors.trusts(Trust.author(issue.author()))) {
                trust.untrusted(Trust.Kind.RELEASE_ISSUE, config.releaseProject(), issue.iid(), issue.author());
                throw new NotFoundException("issue #" + iid + " in " + config.releaseProject() + " was opened by "
                        + authorName(issue) + ", not by the token's user or TRACKER_TRUSTED_AUTHORS: the function writes only on"
                        + " its own issues");
            }
            return inReleaseProject(issue);
        });
    }

    private static String authorName(GitLabIssue issue) {
        return issue.author() == null ? "an unknown author" : Input.shown(String.valueOf(issue.author().username()));
    }

    /** The issue titled exactly {@code Release 14.8} (open or closed); a longer title does not count. */
    public Uni<NoteIssue> forRelease(Invocation invocation, Release release) {
        String wanted = title.of(release);
        return search(invocation, wanted, "all", Trust.Kind.RELEASE_ISSUE, issue -> wanted.equals(issue.title()))
                .map(found -> found.stream()
                .filter(issue -> wanted.equals(issue.title()))
                .min(Comparator.comparing((GitLabIssue issue) -> !"opened".equals(issue.state()))
                        .thenComparing(Comparator.comparingLong(GitLabIssue::iid).reversed()))
                .map(this::inReleaseProject)
                .orElseThrow(() -> new NotFoundException("no issue titled '" + wanted + "' in " + config.releaseProject()
                        + " by the token's user or TRACKER_TRUSTED_AUTHORS: release " + release + " has no release issue yet, or"
                        + " its title is another (TRACKER_RELEASE_TITLE): ask again once it exists")));
    }

    /** A package's QA issue, titled exactly {@code <version> QA Issue}, if there is one. */
    public Uni<Optional<NoteIssue>> qaIssue(Invocation invocation, String packageVersion) {
        String wanted = packageVersion + " QA Issue";
        return search(invocation, wanted, "all", Trust.Kind.QA_ISSUE, issue -> wanted.equals(issue.title()))
                .map(found -> found.stream().filter(issue -> wanted.equals(issue.title())).findFirst().map(this::inReleaseProject));
    }

    /** The open release issue of the highest release, for calls that name no release. */
    public Uni<NoteIssue> newestOpen(Invocation invocation) {
        return search(invocation, title.searchPrefix(), "opened", Trust.Kind.RELEASE_ISSUE, this::isReleaseIssue).map(open -> open.stream()
                .filter(issue -> releaseOf(issue).isPresent())
                .max(Comparator.comparing((GitLabIssue issue) -> releaseOf(issue).orElseThrow()))
                .map(this::inReleaseProject)
                .orElseThrow(() -> new NotFoundException("no open issue titled like '" + title
                        + "' in " + config.releaseProject() + ": pass 'release' or 'issue'")));
    }

    /** The {@code count} release issues of the highest releases, open or closed, highest first. */
    public Uni<List<NoteIssue>> recent(Invocation invocation, int count) {
        return search(invocation, title.searchPrefix(), "all", Trust.Kind.RELEASE_ISSUE, this::isReleaseIssue).map(found -> found.stream()
                .filter(issue -> releaseOf(issue).isPresent())
                .sorted(Comparator.comparing((GitLabIssue issue) -> releaseOf(issue).orElseThrow()).reversed())
                .limit(count)
                .map(this::inReleaseProject)
                .toList());
    }

    /** A search whose answer lacks what was looked for: given to its caller, not remembered. */
    private static final class NotRemembered extends RuntimeException {
        private final transient List<GitLabIssue> found;

        NotRemembered(List<GitLabIssue> found) {
            super(null, null, false, false);
            this.found = found;
        }
    }

    /**
     * GitLab's issue search among the issues each trusted author opened (one search per author, by id for the
     * token's user, by username for {@code TRACKER_TRUSTED_AUTHORS}), remembered for {@code TRACKER_ISSUE_CACHE}
     * (quarkus-cache): GitLab.com allows 30 searches a minute per user, and a backfill of hundreds of packages looks
     * up the same release issue each time. Concurrent callers share one search. An issue titled like the ones looked
     * for ({@code looksLike}) but opened by anyone else is reported and left out. An answer with no trusted issue
     * that looks like one (or a failure) is not remembered, so an issue created since is found at the next call.
     */
    private Uni<List<GitLabIssue>> search(Invocation invocation, String term, String state, Trust.Kind kind,
            Predicate<GitLabIssue> looksLike) {
        return searches.<String, List<GitLabIssue>>getAsync(state + " " + term,
                key -> trust.authors(invocation).chain(authors -> Concurrently.all(byAuthor(invocation, authors, term, state),
                        gitlab.concurrency()).map(lists -> lists.stream().flatMap(List::stream)
                                .collect(java.util.stream.Collectors.toMap(GitLabIssue::iid, issue -> issue, (a, b) -> a,
                                        java.util.LinkedHashMap::new)).values().stream()
                                .sorted(java.util.Comparator.comparingLong(GitLabIssue::iid).reversed()).toList())
                        .map(found -> {
                            List<GitLabIssue> trusted = found.stream().filter(issue -> {
                                boolean ok = authors.trusts(Trust.author(issue.author()));
                                if (!ok && looksLike.test(issue)) {
                                    trust.untrusted(kind, config.releaseProject(), issue.iid(), issue.author());
                                }
                                return ok;
                            }).toList();
                            if (trusted.stream().noneMatch(looksLike)) {
                                throw new NotRemembered(trusted);
                            }
                            return trusted;
                        })))
                .onFailure(NotRemembered.class).recoverWithItem(failure -> ((NotRemembered) failure).found);
    }

    /** One search per trusted author: the token's user by id (a username can be renamed), the others by username. */
    private List<Uni<List<GitLabIssue>>> byAuthor(Invocation invocation, RecordAuthors authors, String term, String state) {
        List<Uni<List<GitLabIssue>>> searches = new java.util.ArrayList<>();
        authors.self().ifPresent(me -> searches.add(gitlab.searchIssues(invocation, config.releaseProject(), term, state,
                me.id(), me.username())));
        authors.trusted().stream()
                .filter(name -> authors.self().map(me -> !name.equalsIgnoreCase(me.username())).orElse(true))
                .sorted()
                .forEach(name -> searches.add(gitlab.searchIssues(invocation, config.releaseProject(), term, state, null, name)));
        return searches;
    }

    /** Forgets every remembered search: an issue found earlier was deleted since (and tests start a new world). */
    public Uni<Void> forgetSearches() {
        return searches.invalidateAll();
    }

    private boolean isReleaseIssue(GitLabIssue issue) {
        return releaseOf(issue).isPresent();
    }

    /**
     * The configured tracking issue, if any. One opened by an author the function does not trust is none of its
     * issues: reported, and neither read nor written ({@link #trackingToWrite} says why).
     */
    public Uni<Optional<NoteIssue>> tracking(Invocation invocation) {
        if (config.trackingIssue().isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        IssueRef ref = config.trackingIssue().get();
        return Concurrently.both(gitlab.issue(invocation, ref.project(), ref.iid()), trust.authors(invocation), (issue, authors) -> {
            if (!authors.trusts(Trust.author(issue.author()))) {
                trust.untrusted(Trust.Kind.TRACKING_ISSUE, ref.project(), issue.iid(), issue.author());
                return Optional.<NoteIssue>empty();
            }
            return Optional.of(new NoteIssue(ref.project(), issue));
        }).onFailure(NotFoundException.class).transform(e -> new NotFoundException("the tracking issue " + ref
                + " (TRACKER_TRACKING_ISSUE) does not exist or the token cannot see it"));
    }

    /** The tracking issue a note goes to; an error naming the setting when it is not one of the function's issues. */
    public Uni<NoteIssue> trackingToWrite(Invocation invocation) {
        return tracking(invocation).map(found -> found.orElseThrow(() -> new NotFoundException("the tracking issue "
                + config.trackingIssue().map(Object::toString).orElse("") + " (TRACKER_TRACKING_ISSUE) was not opened by the"
                + " token's user or TRACKER_TRUSTED_AUTHORS: the function writes only on its own issues; name its author in"
                + " TRACKER_TRUSTED_AUTHORS")));
    }

    /** Whether a tracking issue is configured ({@code TRACKER_TRACKING_ISSUE}). */
    public boolean hasTracking() {
        return config.trackingIssue().isPresent();
    }

    private NoteIssue inReleaseProject(GitLabIssue issue) {
        return new NoteIssue(config.releaseProject(), issue);
    }

    private Optional<Release> releaseOf(GitLabIssue issue) {
        return title.releaseOf(issue.title());
    }
}
