package com.gitlab.release.tracker.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.notes.NoteMarker;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.runtime.ImageMode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The GitLab reads and writes the function makes, non-blocking, each named for its messages. Every request goes
 * through {@link Attempts} (the invocation's budget, retries) and lists through {@link Pages}.
 */
@ApplicationScoped
public class GitLab {
    private static final Logger LOG = Logger.getLogger(GitLab.class);
    private static final int PAGE_SIZE = 100;
    /** Pages of an issue search read at most (1,000 issues). */
    private static final int SEARCH_PAGES = 10;
    static final String DEFAULT_BRANCHES = "default-branches";

    private final GitLabApi api;
    private final Attempts attempts;
    private final Pages pages;
    private final int concurrency;
    /** Set once GitLab refused {@code order_by=finished_at} (instances before 15.x): deployments go by id then. */
    private final AtomicBoolean finishedAtRefused;
    /** Projects' default branches ({@link #defaultBranch}); lifetime in application.properties. */
    private final Cache defaultBranches;
    /** Pages of an issue's notes read at most ({@code TRACKER_NOTE_PAGES}). */
    private final int notePages;

    /** Every outcome's request counter exists from start, at zero. */
    static void registerAtStart(@Observes StartupEvent start, MeterRegistry metrics) {
        Attempts.OUTCOMES.forEach(outcome -> Attempts.counter(metrics, outcome));
    }

    @Inject
    GitLab(@RestClient GitLabApi api, TrackerConfig config, MeterRegistry metrics, @CacheName(DEFAULT_BRANCHES) Cache defaultBranches) {
        this(api, new Attempts(config.gitlab().retry(), metrics), config.gitlab().concurrency(), new AtomicBoolean(), defaultBranches,
                config.note().pages());
    }

    private GitLab(GitLabApi api, Attempts attempts, int concurrency, AtomicBoolean finishedAtRefused, Cache defaultBranches,
            int notePages) {
        this.api = api;
        this.attempts = attempts;
        this.pages = new Pages(attempts, concurrency);
        this.concurrency = concurrency;
        this.finishedAtRefused = finishedAtRefused;
        this.defaultBranches = defaultBranches;
        this.notePages = notePages;
    }

    /**
     * What the first request of a process would otherwise do while its caller waits, without asking GitLab anything:
     * builds the REST client (its HTTP client, its handler chain) and Jackson's reader of every answer type of
     * {@link GitLabApi} (found from its methods, so that a new endpoint is warmed too). In a native image the
     * interface's methods are not registered for reflection (they read as none) and a first call builds its readers
     * in milliseconds: only the client is made there.
     *
     * @return how many answer types were prepared (0 in a native image)
     */
    public int warmUp(ObjectMapper json) {
        api.toString(); // the client proxy creates the client on its first call; toString asks GitLab nothing
        if (ImageMode.current() == ImageMode.NATIVE_RUN) {
            LOG.info("native image: the first calls build the readers of GitLab's answers (the warm-up reflects on nothing)");
            return 0;
        }
        Set<Type> answers = new LinkedHashSet<>();
        for (Method method : GitLabApi.class.getDeclaredMethods()) {
            answers.add(answerType(method.getGenericReturnType()));
        }
        answers.removeIf(type -> type == Void.class || type == String.class || type == Response.class || type == InputStream.class);
        answers.forEach(type -> json.readerFor(json.constructType(type)));
        return answers.size();
    }

    /** {@code Uni<RestResponse<List<T>>>} -> {@code List<T>}: what Jackson reads. */
    private static Type answerType(Type type) {
        while (type instanceof ParameterizedType generic
                && (generic.getRawType() == Uni.class || generic.getRawType() == RestResponse.class)) {
            type = generic.getActualTypeArguments()[0];
        }
        return type;
    }

    /** Forgets what was learnt about the instance (tests point the function at a new GitLab world each time). */
    public void forgetInstanceQuirks() {
        finishedAtRefused.set(false);
        defaultBranches.invalidateAll().await().indefinitely();
    }

    /**
     * The same client with every request tried once, for the requests inside a step that {@link #retrying} repeats
     * as a whole: one logical step makes at most {@code TRACKER_GITLAB_RETRY_MAX_RETRIES + 1} attempts, never
     * that many squared.
     */
    private GitLab withoutRetries() {
        return attempts.retries() ? new GitLab(api, attempts.withoutRetries(), concurrency, finishedAtRefused, defaultBranches, notePages) : this;
    }

    /** One attempt of a step that {@link #retrying} repeats as a whole. */
    @FunctionalInterface
    public interface Step<T> {
        /**
         * @param once the client to make the attempt's calls with: each tried once
         * @param earlierAttempt whether an attempt came before this one: it may have written although its answer
         *        was lost, so a write step looks before writing again
         */
        Uni<T> attempt(GitLab once, boolean earlierAttempt);
    }

    /** Runs a step made of several GitLab calls again, with back-off, while GitLab is unavailable. */
    public <T> Uni<T> retrying(Invocation invocation, Step<T> step) {
        GitLab once = withoutRetries();
        AtomicInteger made = new AtomicInteger();
        return attempts.retrying(invocation, () -> step.attempt(once, made.getAndIncrement() > 0), failure -> true);
    }

    /** Reads one call makes at once ({@code TRACKER_GITLAB_CONCURRENCY}). */
    public int concurrency() {
        return concurrency;
    }

    /**
     * GitLab's compare, read as a stream on a worker thread (it can be tens of MB). Retried on errors, but not when
     * it is slow (read timeout, 502, 504, or no answer within half the time the invocation has left): a compare
     * that big will not come in time, so {@link GitLabSlowException} reaches the caller after one try, with time
     * left to list the folders instead.
     */
    public Uni<GitLabCompare> compare(Invocation invocation, String project, String from, String to) {
        String what = "compare " + from + "..." + to + " in " + project;
        Supplier<Uni<GitLabCompare>> once = () -> attempts.attempt(invocation, what, () -> {
            Duration wait = Duration.ofMillis(Math.max(1, invocation.remainingMillis() / 2));
            return Uni.createFrom().item(() -> {
                try (InputStream body = api.compare(project, from, to)) {
                    return CompareReader.read(body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .ifNoItem().after(wait).failWith(() -> new GitLabSlowException("GitLab did not answer within "
                            + wait.toMillis() + " ms (half the time left)", null));
        });
        return attempts.retrying(invocation, once, failure -> !(failure instanceof GitLabSlowException));
    }

    /**
     * All paths in a folder at a commit. Asks for keyset pagination and follows whichever next page the answer
     * names: a {@code page_token} (keyset), or a {@code page} ({@code X-Next-Page} or {@code Link}) from instances
     * that page the tree by offset. Keyset pages come one after another: each names the next.
     */
    public Uni<List<String>> listFolder(Invocation invocation, String project, String folder, String ref) {
        String trimmed = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        return treeFrom(invocation, "list " + trimmed + " at " + ref + " in " + project, project, trimmed, ref, null, null,
                new ArrayList<>());
    }

    /** The files of a folder from one page on, added to {@code paths}; then the page the answer names next. */
    private Uni<List<String>> treeFrom(Invocation invocation, String what, String project, String folder, String ref,
            String pageToken, Integer page, List<String> paths) {
        return attempts.call(invocation, what, () -> api.tree(project, folder, ref, PAGE_SIZE, "keyset", pageToken, page))
                .chain(answer -> {
                    answer.getEntity().stream().filter(entry -> "blob".equals(entry.type())).map(GitLabTreeEntry::path)
                            .forEach(paths::add);
                    String token = Pages.nextLink(answer).map(link -> Pages.queryParam(link, "page_token")).orElse(null);
                    if (token != null) {
                        return treeFrom(invocation, what, project, folder, ref, token, null, paths);
                    }
                    int next = Pages.nextPage(answer);
                    return next > 0 ? treeFrom(invocation, what, project, folder, ref, null, next, paths)
                            : Uni.createFrom().item(paths);
                });
    }

    /**
     * Deployments to an environment with a status, newest first, a page at a time as they are consumed: a reader
     * that takes the first few reads only the pages it needs. Successful ones are ordered by {@code finished_at}, so
     * that of two overlapping deployments the one that finished last comes first; an instance that refuses that
     * order (400) is asked by {@code id} from then on.
     */
    public Multi<GitLabDeployment> deployments(Invocation invocation, String project, String environment, String status,
            int pageSize) {
        return pages.oneAfterAnother(invocation, "list " + status + " deployments to " + environment + " in " + project, page -> {
            if (!"success".equals(status) || finishedAtRefused.get()) {
                return api.deployments(project, environment, status, "id", "desc", pageSize, page);
            }
            return api.deployments(project, environment, status, "finished_at", "desc", pageSize, page)
                    .onFailure(GitLabRefusedException.class).recoverWithUni(failure -> {
                        if (((GitLabRefusedException) failure).gitlabStatus() != 400) {
                            return Uni.createFrom().failure(failure);
                        }
                        LOG.warnf("GitLab refused order_by=finished_at for deployments (an older instance): ordering by id");
                        finishedAtRefused.set(true);
                        return api.deployments(project, environment, status, "id", "desc", pageSize, page);
                    });
        });
    }

    /** The newest successful deployment among the first {@code lookBack} that matches, if any. */
    public Uni<Optional<GitLabDeployment>> latestSuccessful(Invocation invocation, String project, String environment,
            int pageSize, int lookBack, Predicate<GitLabDeployment> matching) {
        return deployments(invocation, project, environment, "success", pageSize)
                .select().first(lookBack)
                .select().where(matching)
                .toUni().map(Optional::ofNullable);
    }

    /** Whether a deployment to an environment is running now. */
    public Uni<Boolean> deploying(Invocation invocation, String project, String environment) {
        return deployments(invocation, project, environment, "running", 1).toUni().map(java.util.Objects::nonNull);
    }

    /** One attempt at logging a deployment, not retried here: the caller reads back before trying again. */
    public Uni<GitLabDeployment> createDeploymentOnce(Invocation invocation, String project, GitLabDeployment.Create deployment) {
        return attempts.attempt(invocation, "log a deployment of " + deployment.sha() + " to " + deployment.environment() + " in "
                + project, () -> api.createDeployment(project, deployment));
    }

    /**
     * A project's default branch, remembered (quarkus-cache): it names the ref of each package's deployment on the
     * packages environment and seldom changes, so the start-up warm-up's read serves the first package and each
     * later one is a round trip shorter. A failure is not remembered.
     */
    public Uni<String> defaultBranch(Invocation invocation, String project) {
        return defaultBranches.getAsync(project, key -> attempts.call(invocation, "read project " + project, () -> api.project(project))
                .map(GitLabProject::defaultBranch));
    }

    public Uni<GitLabDeployment> deployment(Invocation invocation, String project, long id) {
        return attempts.call(invocation, "read deployment " + id + " in " + project, () -> api.deployment(project, id));
    }

    /** The text of a file at a commit. */
    public Uni<String> rawFile(Invocation invocation, String project, String path, String ref) {
        return attempts.call(invocation, "read " + path + " at " + ref + " in " + project, () -> api.rawFile(project, path, ref));
    }

    /** Whether a file exists at a commit ({@code HEAD}: no content is transferred). */
    public Uni<Boolean> fileExists(Invocation invocation, String project, String path, String ref) {
        return attempts.call(invocation, "look for " + path + " at " + ref + " in " + project, () -> api.fileHead(project, path, ref))
                .map(answer -> true)
                .onFailure(NotFoundException.class).recoverWithItem(false);
    }

    /** The full SHA of a commit named by SHA, branch or tag. */
    public Uni<String> commitSha(Invocation invocation, String project, String ref) {
        return attempts.call(invocation, "read commit " + ref + " in " + project, () -> api.commit(project, ref))
                .map(GitLabCommit::id);
    }

    /**
     * The oldest commit of a file's first-parent history at {@code ref}: on the main line, the merge that added it.
     * GitLab lists the history newest first and without totals, so every page is read, one after another.
     */
    public Uni<Optional<GitLabCommit>> addingCommit(Invocation invocation, String project, String path, String ref) {
        return pages.oneAfterAnother(invocation, "read the history of " + path + " at " + ref + " in " + project,
                page -> api.commits(project, ref, path, true, PAGE_SIZE, page))
                .collect().last().map(Optional::ofNullable);
    }

    /** The merge requests of {@code project} that hold a commit. */
    public Uni<List<GitLabMergeRequest>> commitMergeRequests(Invocation invocation, String project, String sha) {
        return attempts.call(invocation, "find the merge requests of " + sha + " in " + project,
                () -> api.commitMergeRequests(project, sha));
    }

    public Uni<GitLabMergeRequest> mergeRequest(Invocation invocation, String project, long iid) {
        return attempts.call(invocation, "read merge request !" + iid + " in " + project, () -> api.mergeRequest(project, iid));
    }

    /**
     * Issues one author opened whose title matches a search (GitLab's prefix search), newest first, at most
     * {@value #SEARCH_PAGES} pages. The author is named by id or, where the id is not known, by username: anyone may
     * open issues, and look-alikes by others must cost nothing.
     */
    public Uni<List<GitLabIssue>> searchIssues(Invocation invocation, String project, String titleSearch, String state,
            Long authorId, String authorUsername) {
        return pages.all(invocation, "search issues in " + project, SEARCH_PAGES,
                page -> api.issues(project, titleSearch, "title", state, "created_at", "desc", PAGE_SIZE, page,
                        authorId, authorId == null ? authorUsername : null))
                .map(Listing::items);
    }

    public Uni<GitLabIssue> issue(Invocation invocation, String project, long iid) {
        return attempts.call(invocation, "read issue #" + iid + " in " + project, () -> api.issue(project, iid));
    }

    /**
     * The first page of an issue's notes, oldest first; {@link FirstPage#all} reads the rest, at most
     * {@code TRACKER_NOTE_PAGES} pages in all. Only the notes of {@code trusted} authors are kept whole
     * ({@link NotesReader}).
     */
    public Uni<FirstPage<GitLabNote>> firstNotesPage(Invocation invocation, String project, long iid, Predicate<GitLabUser> trusted) {
        return pages.first(invocation, "read notes of issue #" + iid + " in " + project, notePages,
                page -> notesPage(project, iid, "asc", page, trusted));
    }

    /**
     * The notes of an issue newer than {@code afterId}, newest first: reads pages newest first and stops at the
     * first note with an id of {@code afterId} or less (after a write that is usually the first page).
     */
    public Uni<List<GitLabNote>> notesAfter(Invocation invocation, String project, long iid, long afterId, Predicate<GitLabUser> trusted) {
        return pages.oneAfterAnother(invocation, "read notes of issue #" + iid + " in " + project,
                page -> notesPage(project, iid, "desc", page, trusted))
                .select().first((long) notePages * PAGE_SIZE)
                .select().first(note -> note.id() > afterId)
                .collect().asList();
    }

    /** The headers that say how a list goes on, kept from a page read as a stream. */
    private static final List<String> PAGING_HEADERS = List.of("X-Next-Page", "X-Total-Pages", "X-Total", "X-Page", "Link");

    /** One page of notes, read as a stream on a worker thread, with the headers that page the list. */
    private Uni<RestResponse<List<GitLabNote>>> notesPage(String project, long iid, String sort, int page, Predicate<GitLabUser> trusted) {
        return Uni.createFrom().item(() -> {
            try (Response answer = api.notes(project, iid, sort, "created_at", PAGE_SIZE, page);
                    InputStream body = answer.readEntity(InputStream.class)) {
                RestResponse.ResponseBuilder<List<GitLabNote>> notes = RestResponse.ResponseBuilder.ok(
                        NotesReader.read(body, trusted, NoteMarker.MAX_NOTE));
                for (String header : PAGING_HEADERS) {
                    String value = answer.getHeaderString(header);
                    if (value != null) {
                        notes.header(header, value);
                    }
                }
                return notes.build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * One attempt at writing a note, not retried here: an attempt whose answer is lost may still have written the
     * note, so the caller reads back before trying again (see {@link #retrying}).
     */
    public Uni<GitLabNote> createNoteOnce(Invocation invocation, String project, long iid, String body) {
        return attempts.attempt(invocation, "write a note on issue #" + iid + " in " + project,
                () -> api.createNote(project, iid, new GitLabNote.Create(body)));
    }

    /** The token's own user ({@code GET /user}). */
    public Uni<GitLabUser> currentUser(Invocation invocation) {
        return attempts.call(invocation, "read the token's user", api::currentUser);
    }

    /** A note's new body; editing twice to the same body changes nothing, so it is retried like a read. */
    public Uni<GitLabNote> updateNote(Invocation invocation, String project, long iid, long noteId, String body) {
        return attempts.call(invocation, "edit note " + noteId + " on issue #" + iid + " in " + project,
                () -> api.updateNote(project, iid, noteId, new GitLabNote.Create(body)));
    }

    public Uni<Void> deleteNote(Invocation invocation, String project, long iid, long noteId) {
        return attempts.call(invocation, "delete note " + noteId + " on issue #" + iid + " in " + project,
                () -> api.deleteNote(project, iid, noteId));
    }
}
