package com.gitlab.release.tracker.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.TrackerException;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Every GitLab call goes through here, non-blocking: each request counts against the invocation's budget (its
 * deadline, and a pause GitLab asked for by 429), is retried with back-off while GitLab is unavailable (connection
 * errors, timeouts, 5xx, 429 after its {@code Retry-After}), and lists are paged: all pages at once, up to
 * {@code TRACKER_GITLAB_CONCURRENCY}, when GitLab says how many there are. GitLab's error answers are mapped once,
 * in {@link GitLabApi}; here only errors without an answer (timeouts, connection, unreadable JSON) are.
 */
@ApplicationScoped
public class GitLab {
    private static final Logger LOG = Logger.getLogger(GitLab.class);
    private static final int PAGE_SIZE = 100;

    private final GitLabApi api;
    private final TrackerConfig.Retry retry;
    private final int concurrency;
    /** False for the view {@link #withoutRetries()} gives: each request is tried once. */
    private final boolean retries;
    /** Set once GitLab refused {@code order_by=finished_at} (instances before 15.x): deployments go by id then. */
    private final AtomicBoolean finishedAtRefused;

    @Inject
    public GitLab(@RestClient GitLabApi api, TrackerConfig config) {
        this(api, config.gitlab().retry(), config.gitlab().concurrency(), true, new AtomicBoolean());
    }

    private GitLab(GitLabApi api, TrackerConfig.Retry retry, int concurrency, boolean retries, AtomicBoolean finishedAtRefused) {
        this.api = api;
        this.retry = retry;
        this.concurrency = concurrency;
        this.retries = retries;
        this.finishedAtRefused = finishedAtRefused;
    }

    /** Forgets what was learnt about the instance (tests point the function at a new GitLab world each time). */
    public void forgetInstanceQuirks() {
        finishedAtRefused.set(false);
    }

    /**
     * The same client with every request tried once, for the requests inside a step that {@link #retrying} repeats
     * as a whole: one logical step makes at most {@code TRACKER_GITLAB_RETRY_MAX_RETRIES + 1} attempts, never
     * that many squared.
     */
    public GitLab withoutRetries() {
        return retries ? new GitLab(api, retry, concurrency, false, finishedAtRefused) : this;
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
        Supplier<Uni<GitLabCompare>> once = () -> attempt(invocation, what, () -> {
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
        return retrying(invocation, once, failure -> !(failure instanceof GitLabSlowException));
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
        return call(invocation, what, () -> api.tree(project, folder, ref, PAGE_SIZE, "keyset", pageToken, page)).chain(answer -> {
            answer.getEntity().stream().filter(entry -> "blob".equals(entry.type())).map(GitLabTreeEntry::path).forEach(paths::add);
            String token = nextLink(answer).map(link -> queryParam(link, "page_token")).orElse(null);
            if (token != null) {
                return treeFrom(invocation, what, project, folder, ref, token, null, paths);
            }
            int next = nextPage(answer);
            return next > 0 ? treeFrom(invocation, what, project, folder, ref, null, next, paths) : Uni.createFrom().item(paths);
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
        return sequentialPages(invocation, "list " + status + " deployments to " + environment + " in " + project, page -> {
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

    /** The text of a file at a commit. */
    public Uni<String> rawFile(Invocation invocation, String project, String path, String ref) {
        return call(invocation, "read " + path + " at " + ref + " in " + project, () -> api.rawFile(project, path, ref));
    }

    /** Whether a file exists at a commit ({@code HEAD}: no content is transferred). */
    public Uni<Boolean> fileExists(Invocation invocation, String project, String path, String ref) {
        return call(invocation, "look for " + path + " at " + ref + " in " + project, () -> api.fileHead(project, path, ref))
                .map(answer -> true)
                .onFailure(NotFoundException.class).recoverWithItem(false);
    }

    /** The full SHA of a commit named by SHA, branch or tag. */
    public Uni<String> commitSha(Invocation invocation, String project, String ref) {
        return call(invocation, "read commit " + ref + " in " + project, () -> api.commit(project, ref)).map(GitLabCommit::id);
    }

    public Uni<GitLabDeployment> deployment(Invocation invocation, String project, long id) {
        return call(invocation, "read deployment " + id + " in " + project, () -> api.deployment(project, id));
    }

    /** Issues whose title matches a search (GitLab's prefix search), all pages. */
    public Uni<List<GitLabIssue>> searchIssues(Invocation invocation, String project, String titleSearch, String state) {
        return allPages(invocation, "search issues in " + project,
                page -> api.issues(project, titleSearch, "title", state, "created_at", "desc", PAGE_SIZE, page));
    }

    public Uni<GitLabIssue> issue(Invocation invocation, String project, long iid) {
        return call(invocation, "read issue #" + iid + " in " + project, () -> api.issue(project, iid));
    }

    /** The first page of an issue's notes, oldest first; {@link FirstPage#all} reads the rest. */
    public Uni<FirstPage<GitLabNote>> firstNotesPage(Invocation invocation, String project, long iid) {
        return firstPage(invocation, "read notes of issue #" + iid + " in " + project,
                page -> api.notes(project, iid, "asc", "created_at", PAGE_SIZE, page));
    }

    /**
     * The notes of an issue newer than {@code afterId}, newest first: reads pages newest first and stops at the
     * first note with an id of {@code afterId} or less (after a write that is usually the first page).
     */
    public Uni<List<GitLabNote>> notesAfter(Invocation invocation, String project, long iid, long afterId) {
        return sequentialPages(invocation, "read notes of issue #" + iid + " in " + project,
                page -> api.notes(project, iid, "desc", "created_at", PAGE_SIZE, page))
                .select().first(note -> note.id() > afterId)
                .collect().asList();
    }

    /**
     * One attempt at writing a note, not retried here: an attempt whose answer is lost may still have written the
     * note, so the caller reads back before trying again (see {@link #retrying}).
     */
    public Uni<GitLabNote> createNoteOnce(Invocation invocation, String project, long iid, String body) {
        return attempt(invocation, "write a note on issue #" + iid + " in " + project,
                () -> api.createNote(project, iid, new GitLabNote.Create(body)));
    }

    public Uni<Void> deleteNote(Invocation invocation, String project, long iid, long noteId) {
        return call(invocation, "delete note " + noteId + " on issue #" + iid + " in " + project,
                () -> api.deleteNote(project, iid, noteId));
    }

    /**
     * Runs a step made of several GitLab calls again, with back-off, while GitLab is unavailable. The step should
     * make its calls through {@link #withoutRetries()}.
     */
    public <T> Uni<T> retrying(Invocation invocation, Supplier<Uni<T>> step) {
        return retrying(invocation, step, failure -> true);
    }

    /**
     * Retries on {@link GitLabUnavailableException} (that {@code alsoRetry} accepts), at most
     * {@code TRACKER_GITLAB_RETRY_MAX_RETRIES} times, waiting the back-off or the {@code Retry-After} GitLab asked
     * for, never past the invocation's deadline (the attempt after it fails at once with 503).
     */
    private <T> Uni<T> retrying(Invocation invocation, Supplier<Uni<T>> step, Predicate<Throwable> alsoRetry) {
        Uni<T> first = Uni.createFrom().deferred(step::get);
        if (!retries) {
            return first;
        }
        RetryBackoff backoff = new RetryBackoff(retry.initialDelay(), retry.maxDelay());
        AtomicInteger retried = new AtomicInteger();
        return first.onFailure().retry().when(failures -> failures.onItem().transformToUniAndConcatenate(failure -> {
            if (!(failure instanceof GitLabUnavailableException) || !alsoRetry.test(failure)
                    || retried.incrementAndGet() > retry.maxRetries()) {
                return Uni.createFrom().failure(failure);
            }
            long wait = Math.max(1, backoff.nextDelayMillis(failure, invocation.remainingMillis()));
            return Uni.createFrom().item(failure).onItem().delayIt().by(Duration.ofMillis(wait));
        }));
    }

    private <T> Uni<T> call(Invocation invocation, String what, Supplier<Uni<T>> request) {
        return retrying(invocation, () -> attempt(invocation, what, request), failure -> true);
    }

    /**
     * One request within the invocation's budget: after any pause GitLab asked for, never past the deadline,
     * counted and timed for the invocation's log line.
     */
    private <T> Uni<T> attempt(Invocation invocation, String what, Supplier<Uni<T>> request) {
        Uni<T> send = Uni.createFrom().deferred(() -> {
            invocation.checkDeadline(what);
            invocation.requestStarted();
            return Uni.createFrom().deferred(request::get).onTermination().invoke(invocation::requestEnded)
                    .onFailure(TrackerException.class).transform(failure -> GitLabErrors.during(what, (TrackerException) failure));
        });
        return Uni.createFrom().deferred(() -> {
            Duration pause = invocation.pauseLeft();
            return pause.isZero() ? send : Uni.createFrom().voidItem().onItem().delayIt().by(pause).chain(() -> send);
        })
                // One limiter for the whole invocation: its other requests wait out the throttle too.
                .onFailure(GitLabThrottledException.class)
                .invoke(failure -> ((GitLabThrottledException) failure).retryAfter().ifPresent(invocation::pauseFor))
                .onFailure(failure -> !(failure instanceof TrackerException)).transform(failure -> noAnswer(what, failure));
    }

    /** An error without an answer from GitLab: a timeout is slow, anything else unavailable; both retryable. */
    private static TrackerException noAnswer(String what, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof jakarta.ws.rs.ProcessingException || cause instanceof UncheckedIOException
                || cause instanceof java.util.concurrent.CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        LOG.debugf("GitLab did not answer to %s: %s", what, cause);
        String message = "GitLab did not answer properly when asked to " + what + ": " + describe(cause);
        return isTimeout(cause) ? new GitLabSlowException(message, null) : new GitLabUnavailableException(message, null, null);
    }

    private static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        String name = cause.getClass().getSimpleName();
        if (cause instanceof com.fasterxml.jackson.core.JacksonException || name.contains("Json")
                || name.contains("MismatchedInput") || name.contains("Mapping")) {
            return "the answer was not the JSON expected";
        }
        return cause.getMessage() == null ? name : name + " (" + cause.getMessage() + ")";
    }

    /**
     * The items of an offset-paginated list, a page at a time as they are consumed (following
     * {@code X-Next-Page}, else {@code Link: rel="next"}).
     */
    private <T> Multi<T> sequentialPages(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request) {
        return sequentialPages(invocation, what, request, 1);
    }

    private <T> Multi<T> sequentialPages(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request,
            int firstPage) {
        return Multi.createBy().repeating()
                .uni(() -> new int[] {firstPage}, next -> {
                    int page = next[0];
                    return call(invocation, what, () -> request.apply(page)).invoke(answer -> next[0] = nextPage(answer));
                })
                .whilst(answer -> nextPage(answer) > 0)
                .onItem().transformToIterable(RestResponse::getEntity);
    }

    /**
     * Every item of an offset-paginated list, in order: the first page, then the others (see {@link FirstPage#all}).
     */
    private <T> Uni<List<T>> allPages(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request) {
        return firstPage(invocation, what, request).chain(FirstPage::all);
    }

    /**
     * The first page of a list; what it says decides how the rest is read (see {@link FirstPage#all}): when it says
     * how many there are ({@code X-Total-Pages}) the others at once, {@code TRACKER_GITLAB_CONCURRENCY} at a time;
     * GitLab leaves the count out above 10,000 rows, and then they are read one after another.
     */
    private <T> Uni<FirstPage<T>> firstPage(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request) {
        return call(invocation, what, () -> request.apply(1)).map(first -> {
            int next = nextPage(first);
            Optional<Integer> total = totalPages(first);
            Supplier<Uni<List<T>>> rest = next <= 0 ? () -> Uni.createFrom().item(List.of())
                    : total.isEmpty() ? () -> sequentialPages(invocation, what, request, next).collect().asList()
                    : () -> pagesAtOnce(invocation, what, request, next, total.get());
            return new FirstPage<>(first.getEntity(), rest);
        });
    }

    /** Pages {@code from} to {@code to}, {@code TRACKER_GITLAB_CONCURRENCY} at a time; their items in page order. */
    private <T> Uni<List<T>> pagesAtOnce(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request,
            int from, int to) {
        return Multi.createFrom().range(from, to + 1)
                .onItem().transformToUni(page -> call(invocation, what, () -> request.apply(page))
                        .map(answer -> Map.entry(page, answer.getEntity())))
                .merge(concurrency)
                .collect().asList()
                .map(pages -> {
                    List<T> all = new ArrayList<>();
                    pages.stream().sorted(Map.Entry.comparingByKey()).forEach(page -> all.addAll(page.getValue()));
                    return all;
                });
    }

    /**
     * The first page of a list, read on its own so that a caller can start it early (beside other reads) and read
     * the rest only when it turns out to need it.
     */
    public static final class FirstPage<T> {
        private final List<T> items;
        private final Supplier<Uni<List<T>>> rest;

        private FirstPage(List<T> items, Supplier<Uni<List<T>>> rest) {
            this.items = items;
            this.rest = rest;
        }

        /** Every item: this page's, then the other pages', in order. */
        public Uni<List<T>> all() {
            return rest.get().map(others -> others.isEmpty() ? items : concat(items, others));
        }
    }

    private static <T> List<T> concat(List<T> first, List<T> rest) {
        List<T> all = new ArrayList<>(first);
        all.addAll(rest);
        return all;
    }

    private static Optional<Integer> totalPages(RestResponse<?> answer) {
        String total = answer.getHeaderString("X-Total-Pages");
        if (total == null || total.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(total.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The next page an offset-paged answer names ({@code X-Next-Page}, else {@code Link: rel="next"}); 0 at the end. */
    private static int nextPage(RestResponse<?> answer) {
        String next = answer.getHeaderString("X-Next-Page");
        if (next != null) {
            return next.isBlank() ? 0 : Integer.parseInt(next.trim());
        }
        return nextLink(answer).map(link -> queryParam(link, "page")).map(Integer::parseInt).orElse(0);
    }

    /** The {@code rel="next"} target of the {@code Link} header, as the REST client parses it. */
    static Optional<String> nextLink(RestResponse<?> answer) {
        return Optional.ofNullable(answer.getLink("next")).map(link -> link.getUri().toString());
    }

    static String queryParam(String url, String name) {
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return java.net.URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
