package com.gitlab.release.tracker.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.NotFoundException;
import com.gitlab.release.tracker.domain.TrackerException;

import io.smallrye.faulttolerance.api.Guard;

/**
 * Every GitLab call goes through here: retries (connection errors, timeouts, 5xx, 429 with {@code Retry-After}),
 * pagination, and mapping of GitLab's answers to the function's errors.
 */
@ApplicationScoped
public class GitLab {
    private static final Logger LOG = Logger.getLogger(GitLab.class);
    private static final int PAGE_SIZE = 100;

    private final GitLabApi api;
    private final Guard guard;
    /** The guard for compares: a slow compare is not retried, its caller lists the folders instead. */
    private final Guard compareGuard;
    /** False for the view {@link #withoutRetries()} gives: each request is tried once. */
    private final boolean retries;
    /** Set once GitLab refused {@code order_by=finished_at} (instances before 15.x): deployments go by id then. */
    private final AtomicBoolean finishedAtRefused;

    @Inject
    public GitLab(@RestClient GitLabApi api, TrackerConfig config) {
        this(api, guard(config.gitlab().retry(), false), guard(config.gitlab().retry(), true), true, new AtomicBoolean());
    }

    private GitLab(GitLabApi api, Guard guard, Guard compareGuard, boolean retries, AtomicBoolean finishedAtRefused) {
        this.api = api;
        this.guard = guard;
        this.compareGuard = compareGuard;
        this.retries = retries;
        this.finishedAtRefused = finishedAtRefused;
    }

    private static Guard guard(TrackerConfig.Retry retry, boolean abortWhenSlow) {
        var builder = Guard.create()
                .withDescription(abortWhenSlow ? "gitlab-compare" : "gitlab")
                .withRetry()
                    .maxRetries(retry.maxRetries())
                    .retryOn(GitLabUnavailableException.class);
        if (abortWhenSlow) {
            builder = builder.abortOn(GitLabSlowException.class);
        }
        return builder
                    .withCustomBackoff().strategy(() -> new RetryBackoff(retry.initialDelay(), retry.maxDelay())).done()
                    .maxDuration(0, ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .done()
                .build();
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
        return retries ? new GitLab(api, guard, compareGuard, false, finishedAtRefused) : this;
    }

    /**
     * GitLab's compare, streamed. Retried on errors, but not when it is slow (a read timeout, 502 or 504): a
     * compare that big will not come in time, so {@link GitLabSlowException} reaches the caller after one try.
     */
    public GitLabCompare compare(String project, String from, String to) {
        String what = "compare " + from + "..." + to + " in " + project;
        Supplier<GitLabCompare> request = () -> once(what, () -> withinHalfTheTimeLeft(() -> {
            try (InputStream body = api.compare(project, from, to)) {
                return CompareReader.read(body);
            } catch (IOException e) {
                throw new ProcessingException(e);
            }
        }));
        return retries ? guarded(compareGuard, request) : request.get();
    }

    /**
     * Waits for a request at most half the time the invocation has left (the read timeout may be longer), so that
     * a compare that does not come leaves time for the tree listing; past that it counts as a read timeout.
     */
    private static <T> T withinHalfTheTimeLeft(Supplier<T> request) {
        Optional<InvocationScope> scope = InvocationScope.current();
        if (scope.isEmpty()) {
            return request.get();
        }
        long waitMillis = Math.max(1, scope.get().remainingMillis() / 2);
        Future<T> answer = SLOW_REQUESTS.submit(() -> scope.get().runIn(request));
        try {
            return answer.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new ProcessingException(new TimeoutException("no answer within " + waitMillis + " ms, half the time left"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessingException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ProcessingException(e.getCause());
        }
    }

    /** Threads for requests that are waited for with a time limit; a request given up on ends at its read timeout. */
    private static final ExecutorService SLOW_REQUESTS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "gitlab-bounded-request");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * All paths in a folder at a commit. Asks for keyset pagination and follows whichever next page the answer
     * names: a {@code page_token} (keyset), or a {@code page} ({@code X-Next-Page} or {@code Link}) from instances
     * that page the tree by offset.
     */
    public List<String> listFolder(String project, String folder, String ref) {
        String trimmed = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        List<String> paths = new ArrayList<>();
        String pageToken = null;
        Integer page = null;
        while (true) {
            String token = pageToken;
            Integer offsetPage = page;
            RestResponse<List<GitLabTreeEntry>> answer = call("list " + trimmed + " at " + ref + " in " + project,
                    () -> api.tree(project, trimmed, ref, PAGE_SIZE, "keyset", token, offsetPage));
            for (GitLabTreeEntry entry : answer.getEntity()) {
                if ("blob".equals(entry.type())) {
                    paths.add(entry.path());
                }
            }
            Optional<String> next = nextLink(answer);
            pageToken = next.map(link -> queryParam(link, "page_token")).orElse(null);
            if (pageToken != null) {
                page = null;
                continue;
            }
            int nextPage = nextPage(answer, page == null ? 1 : page);
            if (nextPage <= 0) {
                return paths;
            }
            page = nextPage;
        }
    }

    /** Successful deployments to an environment, newest first, a page at a time as the stream is read. */
    public Stream<GitLabDeployment> successfulDeployments(String project, String environment, int pageSize) {
        return deployments(project, environment, "success", pageSize);
    }

    /**
     * Deployments to an environment with a status, newest first, a page at a time as the stream is read. Successful
     * ones are ordered by {@code finished_at}, so that of two overlapping deployments the one that finished last
     * comes first; an instance that refuses that order (400) is asked by {@code id} from then on.
     */
    public Stream<GitLabDeployment> deployments(String project, String environment, String status, int pageSize) {
        return pages("list " + status + " deployments to " + environment + " in " + project, page -> {
            if (!"success".equals(status) || finishedAtRefused.get()) {
                return api.deployments(project, environment, status, "id", "desc", pageSize, page);
            }
            try {
                return api.deployments(project, environment, status, "finished_at", "desc", pageSize, page);
            } catch (WebApplicationException e) {
                if (e.getResponse().getStatus() != 400) {
                    throw e;
                }
                LOG.warnf("GitLab refused order_by=finished_at for deployments (an older instance): ordering by id");
                finishedAtRefused.set(true);
                return api.deployments(project, environment, status, "id", "desc", pageSize, page);
            }
        });
    }

    /** The text of a file at a commit. */
    public String rawFile(String project, String path, String ref) {
        return call("read " + path + " at " + ref + " in " + project, () -> api.rawFile(project, path, ref));
    }

    /** Whether a file exists at a commit ({@code HEAD}: no content is transferred). */
    public boolean fileExists(String project, String path, String ref) {
        try {
            call("look for " + path + " at " + ref + " in " + project, () -> api.fileHead(project, path, ref));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The full SHA of a commit named by SHA, branch or tag. */
    public String commitSha(String project, String ref) {
        return call("read commit " + ref + " in " + project, () -> api.commit(project, ref)).id();
    }

    /**
     * The items of an offset-paginated list, fetched a page at a time as the stream is read (following
     * {@code X-Next-Page}, else {@code Link: rel="next"}): a caller that stops early reads only the pages it needs.
     */
    private <T> Stream<T> pages(String what, IntFunction<RestResponse<List<T>>> request) {
        Iterator<T> items = new Iterator<>() {
            private Iterator<T> current = Collections.emptyIterator();
            private int nextPage = 1;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && nextPage > 0) {
                    int page = nextPage;
                    RestResponse<List<T>> answer = call(what, () -> request.apply(page));
                    current = answer.getEntity().iterator();
                    nextPage = nextPage(answer, page);
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
    }

    public GitLabDeployment deployment(String project, long id) {
        return call("read deployment " + id + " in " + project, () -> api.deployment(project, id));
    }

    /** Issues whose title matches a search (GitLab's prefix search), all pages. */
    public List<GitLabIssue> searchIssues(String project, String titleSearch, String state) {
        return pages("search issues in " + project,
                page -> api.issues(project, titleSearch, "title", state, "created_at", "desc", PAGE_SIZE, page)).toList();
    }

    public GitLabIssue issue(String project, long iid) {
        return call("read issue #" + iid + " in " + project, () -> api.issue(project, iid));
    }

    /** Every note of an issue, oldest first, all pages. */
    public List<GitLabNote> allNotes(String project, long iid) {
        return pages("read notes of issue #" + iid + " in " + project,
                page -> api.notes(project, iid, "asc", "created_at", PAGE_SIZE, page)).toList();
    }

    /**
     * The notes of an issue newer than {@code afterId}, newest first: reads pages newest first and stops at the
     * first note with an id of {@code afterId} or less.
     */
    public List<GitLabNote> notesAfter(String project, long iid, long afterId) {
        return pages("read notes of issue #" + iid + " in " + project,
                page -> api.notes(project, iid, "desc", "created_at", PAGE_SIZE, page))
                .takeWhile(note -> note.id() > afterId).toList();
    }

    /**
     * One attempt at writing a note, not retried here: an attempt whose answer is lost may still have written the
     * note, so the caller reads back before trying again (see {@link #retrying}).
     */
    public GitLabNote createNoteOnce(String project, long iid, String body) {
        return once("write a note on issue #" + iid + " in " + project,
                () -> api.createNote(project, iid, new GitLabNote.Create(body)));
    }

    /**
     * Runs a step made of several GitLab calls again, with the same back-off, while GitLab is unavailable. The step
     * should make its calls through {@link #withoutRetries()}.
     */
    public <T> T retrying(Supplier<T> step) {
        return retries ? guarded(guard, step) : step.get();
    }

    private static <T> T guarded(Guard guard, Supplier<T> step) {
        @SuppressWarnings("unchecked")
        Class<T> any = (Class<T>) Object.class;
        return guard.get(step, any);
    }

    public void deleteNote(String project, long iid, long noteId) {
        call("delete note " + noteId + " on issue #" + iid + " in " + project, () -> {
            api.deleteNote(project, iid, noteId);
            return null;
        });
    }

    private <T> T call(String what, Supplier<T> request) {
        return retrying(() -> once(what, request));
    }

    private <T> T once(String what, Supplier<T> request) {
        Optional<InvocationScope> scope = InvocationScope.current();
        scope.ifPresent(s -> {
            s.awaitPause(what);
            s.checkDeadline(what);
            s.countRequest();
        });
        long start = System.nanoTime();
        try {
            return request.get();
        } catch (WebApplicationException e) {
            throw mapStatus(what, e.getResponse(), scope);
        } catch (ProcessingException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof WebApplicationException wae) {
                throw mapStatus(what, wae.getResponse(), scope);
            }
            LOG.debugf("GitLab did not answer to %s: %s", what, cause);
            String message = "GitLab did not answer properly when asked to " + what + ": " + describe(cause);
            throw isTimeout(cause) ? new GitLabSlowException(message, null) : new GitLabUnavailableException(message, null, null);
        } finally {
            long nanos = System.nanoTime() - start;
            scope.ifPresent(s -> s.addGitLabTime(nanos));
        }
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

    private static TrackerException mapStatus(String what, Response response, Optional<InvocationScope> scope) {
        int status = response.getStatus();
        if (status == 502 || status == 504) {
            return new GitLabSlowException("GitLab answered " + status + " when asked to " + what, null);
        }
        if (status == 429) {
            Duration wait = throttledFor(response);
            // Every request of this invocation waits too (a backfill's workers share the invocation).
            scope.ifPresent(s -> s.pauseFor(wait));
            return new GitLabUnavailableException("GitLab answered 429 (" + Optional.ofNullable(response.getHeaderString("RateLimit-Name"))
                    .orElse("rate limit") + ") when asked to " + what + "; waiting " + wait.toMillis() + " ms", wait, null);
        }
        if (status >= 500) {
            return new GitLabUnavailableException("GitLab answered " + status + " when asked to " + what,
                    retryAfter(response).orElse(null), null);
        }
        if (status == 404) {
            return new NotFoundException("GitLab answered 404 when asked to " + what
                    + ": it does not exist, or the token cannot see it");
        }
        if (status == 401 || status == 403) {
            return new GitLabRefusedException(status, "GitLab refused the request (" + status + ") to " + what
                    + ": check that TRACKER_GITLAB_TOKEN is valid and has the api scope");
        }
        return new GitLabRefusedException(status, "GitLab answered " + status + " when asked to " + what);
    }

    /**
     * How long a 429 asks to wait: {@code Retry-After} (Rack::Attack throttles), else until {@code RateLimit-Reset}
     * (epoch seconds), else to the next minute boundary (application limits such as issue search send neither).
     */
    static Duration throttledFor(Response response) {
        Optional<Duration> retryAfter = retryAfter(response);
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        long nowMillis = System.currentTimeMillis();
        String reset = response.getHeaderString("RateLimit-Reset");
        if (reset != null) {
            try {
                return Duration.ofMillis(Math.max(0, Long.parseLong(reset.trim()) * 1000 - nowMillis));
            } catch (NumberFormatException e) {
                // Fall through to the minute boundary.
            }
        }
        return Duration.ofMillis(60_000 - nowMillis % 60_000);
    }

    private static String describe(Throwable cause) {
        String name = cause.getClass().getSimpleName();
        if (cause instanceof com.fasterxml.jackson.core.JacksonException || name.contains("Json")
                || name.contains("MismatchedInput") || name.contains("Mapping")) {
            return "the answer was not the JSON expected";
        }
        return cause.getMessage() == null ? name : name + " (" + cause.getMessage() + ")";
    }

    private static Optional<Duration> retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int nextPage(RestResponse<?> answer, int current) {
        String next = answer.getHeaderString("X-Next-Page");
        if (next != null) {
            return next.isBlank() ? 0 : Integer.parseInt(next.trim());
        }
        return nextLink(answer).map(link -> queryParam(link, "page")).map(Integer::parseInt).orElse(0);
    }

    /** The {@code rel="next"} target of a {@code Link} header. */
    static Optional<String> nextLink(RestResponse<?> answer) {
        String header = answer.getHeaderString("Link");
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(",")) {
            String[] pieces = part.split(";");
            for (int i = 1; i < pieces.length; i++) {
                String param = pieces[i].trim().replace(" ", "");
                if (param.equals("rel=\"next\"") || param.equals("rel=next")) {
                    String target = pieces[0].trim();
                    if (target.startsWith("<") && target.endsWith(">")) {
                        return Optional.of(target.substring(1, target.length() - 1));
                    }
                }
            }
        }
        return Optional.empty();
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
