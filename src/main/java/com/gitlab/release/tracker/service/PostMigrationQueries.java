package com.gitlab.release.tracker.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Markdown;
import com.gitlab.release.tracker.domain.MigrationQuery;
import com.gitlab.release.tracker.domain.NamedCommit;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.PackageRecord;
import com.gitlab.release.tracker.domain.PackageVersion;
import com.gitlab.release.tracker.domain.Release;

/**
 * The release managers' questions, answered from the package notes (the record) and, for rollbacks, from GitLab's
 * compare: which package introduced a post-migration, whether a rollback is safe, what goes into a release.
 */
@ApplicationScoped
public class PostMigrationQueries {

    private final TrackerConfig config;
    private final ReleaseIssues issues;
    private final PackageNotes notes;
    private final PostMigrationFinder finder;

    public PostMigrationQueries(TrackerConfig config, ReleaseIssues issues, PackageNotes notes, PostMigrationFinder finder) {
        this.config = config;
        this.issues = issues;
        this.notes = notes;
        this.finder = finder;
    }

    /** A package note and the issue it is on. */
    record Recorded(NoteIssue issue, PackageNotes.Found note) {
        PackageRecord record() {
            return note.record();
        }

        String noteUrl() {
            return issue.noteUrl(note.noteId());
        }
    }

    public WhichPackage.Answer whichPackage(WhichPackage.Request request) {
        if (request == null) {
            throw new BadInputException("empty body: send {\"migration\": \"20220201173212\"}");
        }
        MigrationQuery query = MigrationQuery.parse(request.migration());
        Optional<Release> release = optionalRelease(request.release());
        List<NoteIssue> searched = release.map(r -> List.of(issues.forRelease(r))).orElseGet(() -> issues.recent(config.queryReleases()));
        List<NoteIssue> all = withTracking(searched);

        Map<String, WhichPackage.Found> found = new LinkedHashMap<>();
        for (Recorded recorded : recordsOn(all)) {
            Optional<Release> recordRelease = recorded.record().releaseOrFromVersion();
            if (release.isPresent() && recordRelease.isPresent() && !recordRelease.equals(release)) {
                continue;
            }
            for (String path : recorded.record().postMigrations()) {
                if (query.matches(path)) {
                    found.putIfAbsent(recorded.record().packageName() + " " + path, new WhichPackage.Found(path,
                            recorded.record().packageName(), recordRelease.map(Release::toString).orElse(null),
                            recorded.issue().webUrl(), recorded.noteUrl()));
                }
            }
        }
        if (found.isEmpty()) {
            throw new NotFoundException("migration " + query.text() + " is in no package note on "
                    + all.stream().map(i -> i.title() + " (" + i.project() + "#" + i.iid() + ")").collect(Collectors.joining(", "))
                    + (release.isEmpty() ? "; pass 'release' to look at an older release" : ""));
        }
        String text = found.values().stream()
                .map(f -> f.path().substring(f.path().lastIndexOf('/') + 1) + " came with " + f.packageName()
                        + (f.release() == null ? "" : " (" + f.release() + ")") + ": " + f.noteUrl())
                .collect(Collectors.joining("; "));
        return new WhichPackage.Answer(request.migration(), List.copyOf(found.values()), text);
    }

    public RollbackCheck.Answer rollbackCheck(RollbackCheck.Request request) {
        if (request == null || blank(request.current()) || blank(request.target())) {
            throw new BadInputException("name both packages: {\"current\": \"<package or sha>\", \"target\": \"<package or sha>\"}");
        }
        NamedCommit current = NamedCommit.parse("current", request.current());
        NamedCommit target = NamedCommit.parse("target", request.target());
        if (current.version().isPresent() && target.version().isPresent()
                && target.version().get().timestamp().compareTo(current.version().get().timestamp()) > 0) {
            throw targetIsNewer(request);
        }
        if (target.sha().sameCommit(current.sha())) {
            return new RollbackCheck.Answer(true, request.current(), request.target(), List.of(),
                    "Safe: " + request.target() + " is the same commit as " + request.current() + ".");
        }
        PostMigrationFinder.Found found = finder.introduced(target.sha(), current.sha());
        if (found.postMigrations().isEmpty() && (current.version().isEmpty() || target.version().isEmpty())
                && finder.hasCommitsSince(current.sha(), target.sha())
                && !finder.hasCommitsSince(target.sha(), current.sha())) {
            throw targetIsNewer(request);
        }
        Map<String, String> packageOf = new HashMap<>();
        List<NoteIssue> searched = new ArrayList<>();
        TreeSet<Release> releases = new TreeSet<>();
        current.version().ifPresent(v -> releases.add(v.release()));
        target.version().ifPresent(v -> releases.add(v.release()));
        if (releases.isEmpty() || current.version().isEmpty() || target.version().isEmpty()) {
            searched.addAll(issues.recent(config.queryReleases()));
        } else {
            for (Release r : releases) {
                try {
                    searched.add(issues.forRelease(r));
                } catch (NotFoundException e) {
                    // No monthly issue for that release: nothing recorded there.
                }
            }
        }
        for (Recorded recorded : recordsOn(withTracking(searched))) {
            recorded.record().postMigrations().forEach(p -> packageOf.putIfAbsent(p, recorded.record().packageName()));
        }
        List<RollbackCheck.PostMigration> between = found.postMigrations().stream()
                .map(p -> new RollbackCheck.PostMigration(p, packageOf.get(p))).toList();
        boolean safe = between.isEmpty();
        String text = safe
                ? "Safe: no post-deployment migration was introduced between " + request.target() + " and " + request.current() + "."
                : "NOT safe to roll back from " + request.current() + " to " + request.target() + ": " + between.size()
                        + (between.size() == 1 ? " post-deployment migration" : " post-deployment migrations") + " introduced since: "
                        + between.stream().map(m -> m.path().substring(m.path().lastIndexOf('/') + 1)
                                + (m.packageName() == null ? "" : " (" + m.packageName() + ")")).collect(Collectors.joining(", "));
        return new RollbackCheck.Answer(safe, request.current(), request.target(), between, text);
    }

    private static BadInputException targetIsNewer(RollbackCheck.Request request) {
        return new BadInputException("target " + request.target() + " is newer than current " + request.current()
                + ": a rollback goes to an older package; swap them?");
    }

    public ReleasePostMigrations.Answer releasePostMigrations(ReleasePostMigrations.Request request) {
        if (request == null || blank(request.release())) {
            throw new BadInputException("name the release: {\"release\": \"14.8\"}");
        }
        Release release = Release.parse(request.release());
        NoteIssue issue = issues.forRelease(release);
        Map<String, Recorded> byPackage = new LinkedHashMap<>();
        for (Recorded recorded : recordsOn(withTracking(List.of(issue)))) {
            Optional<Release> recordRelease = recorded.record().releaseOrFromVersion();
            boolean onReleaseIssue = recorded.issue().equals(issue);
            if (onReleaseIssue || recordRelease.equals(Optional.of(release))) {
                byPackage.putIfAbsent(recorded.record().packageName(), recorded);
            }
        }
        List<Recorded> ordered = new ArrayList<>(byPackage.values());
        ordered.sort(PACKAGE_ORDER);
        List<ReleasePostMigrations.PackageEntry> packages = ordered.stream()
                .map(r -> new ReleasePostMigrations.PackageEntry(r.record().packageName(), r.noteUrl(), r.record().postMigrations()))
                .toList();
        List<String> all = List.copyOf(new TreeSet<>(packages.stream().flatMap(p -> p.postMigrations().stream()).toList()));
        return new ReleasePostMigrations.Answer(release.toString(), issue.webUrl(), packages, all,
                markdown(release, ordered, all.size()));
    }

    /** Packages with a version in build order, then the others in the order their notes were written. */
    private static final Comparator<Recorded> PACKAGE_ORDER = Comparator
            .comparing((Recorded r) -> !PackageVersion.looksLikeVersion(r.record().packageName()))
            .thenComparing(r -> PackageVersion.looksLikeVersion(r.record().packageName())
                    ? PackageVersion.parse(r.record().packageName()).timestamp() : "")
            .thenComparingLong(r -> r.note().noteId());

    private static String markdown(Release release, List<Recorded> ordered, int count) {
        StringBuilder md = new StringBuilder("### Post-deployment migrations in ").append(release).append("\n\n");
        md.append(count).append(count == 1 ? " post-deployment migration from " : " post-deployment migrations from ")
                .append(ordered.size()).append(ordered.size() == 1 ? " package" : " packages").append(":\n\n");
        for (Recorded recorded : ordered) {
            for (String path : recorded.record().postMigrations()) {
                md.append("- ").append(Markdown.code(path)).append(" (").append(Markdown.code(recorded.record().packageName()))
                        .append(")\n");
            }
        }
        return md.toString();
    }

    private List<NoteIssue> withTracking(List<NoteIssue> monthly) {
        List<NoteIssue> all = new ArrayList<>(monthly);
        issues.tracking().ifPresent(all::add);
        return all;
    }

    private List<Recorded> recordsOn(List<NoteIssue> issuesToRead) {
        List<Recorded> recorded = new ArrayList<>();
        for (NoteIssue issue : issuesToRead) {
            notes.all(issue.project(), issue.iid()).forEach(found -> recorded.add(new Recorded(issue, found)));
        }
        return recorded;
    }

    private static Optional<Release> optionalRelease(String text) {
        return blank(text) ? Optional.empty() : Optional.of(Release.parse(text));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
