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

    @Inject
    public GitLab(@RestClient GitLabApi api, TrackerConfig config) {
        this.api = api;
        TrackerConfig.Retry retry = config.gitlab().retry();
        this.guard = Guard.create()
                .withDescription("gitlab")
                .withRetry()
                    .maxRetries(retry.maxRetries())
                    .retryOn(GitLabUnavailableException.class)
                    .withCustomBackoff().strategy(() -> new RetryBackoff(retry.initialDelay(), retry.maxDelay())).done()
                    .maxDuration(0, ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .done()
                .build();
    }

    public GitLabCompare compare(String project, String from, String to) {
        return call("compare " + from + "..." + to + " in " + project, () -> {
            try (InputStream body = api.compare(project, from, to)) {
                return CompareReader.read(body);
            } catch (IOException e) {
                throw new ProcessingException(e);
            }
        });
    }

    /** All paths in a folder at a commit, following keyset pagination. */
    public List<String> listFolder(String project, String folder, String ref) {
        String trimmed = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        List<String> paths = new ArrayList<>();
        String pageToken = null;
        do {
            String token = pageToken;
            RestResponse<List<GitLabTreeEntry>> page = call("list " + trimmed + " at " + ref + " in " + project,
                    () -> api.tree(project, trimmed, ref, PAGE_SIZE, "keyset", token));
            for (GitLabTreeEntry entry : page.getEntity()) {
                if ("blob".equals(entry.type())) {
                    paths.add(entry.path());
                }
            }
            pageToken = nextLink(page).map(link -> queryParam(link, "page_token")).orElse(null);
        } while (pageToken != null);
        return paths;
    }

    /** Successful deployments to an environment, newest first, a page at a time as the stream is read. */
    public Stream<GitLabDeployment> successfulDeployments(String project, String environment, int pageSize) {
        return deployments(project, environment, "success", pageSize);
    }

    /** Deployments to an environment with a status, newest first, a page at a time as the stream is read. */
    public Stream<GitLabDeployment> deployments(String project, String environment, String status, int pageSize) {
        return pages("list " + status + " deployments to " + environment + " in " + project,
                page -> api.deployments(project, environment, status, "id", "desc", pageSize, page));
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

    public List<GitLabIssue> searchIssues(String project, String titleSearch, String state) {
        return call("search issues in " + project,
                () -> api.issues(project, titleSearch, "title", state, "created_at", "desc", PAGE_SIZE));
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

    /** Runs a step made of several GitLab calls again, with the same back-off, while GitLab is unavailable. */
    public <T> T retrying(Supplier<T> step) {
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
        InvocationScope.current().ifPresent(scope -> {
            scope.checkDeadline(what);
            scope.countRequest();
        });
        long start = System.nanoTime();
        try {
            return request.get();
        } catch (WebApplicationException e) {
            throw mapStatus(what, e.getResponse());
        } catch (ProcessingException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof WebApplicationException wae) {
                throw mapStatus(what, wae.getResponse());
            }
            LOG.debugf("GitLab did not answer to %s: %s", what, cause);
            throw new GitLabUnavailableException("GitLab did not answer properly when asked to " + what + ": "
                    + describe(cause), null, null);
        } finally {
            long nanos = System.nanoTime() - start;
            InvocationScope.current().ifPresent(scope -> scope.addGitLabTime(nanos));
        }
    }

    private static TrackerException mapStatus(String what, Response response) {
        int status = response.getStatus();
        if (status == 429 || status >= 500) {
            return new GitLabUnavailableException("GitLab answered " + status + " when asked to " + what,
                    retryAfter(response), null);
        }
        if (status == 404) {
            return new NotFoundException("GitLab answered 404 when asked to " + what
                    + ": it does not exist, or the token cannot see it");
        }
        if (status == 401 || status == 403) {
            return new TrackerException(502, "GitLab refused the request (" + status + ") to " + what
                    + ": check that TRACKER_GITLAB_TOKEN is valid and has the api scope");
        }
        return new TrackerException(502, "GitLab answered " + status + " when asked to " + what);
    }

    private static String describe(Throwable cause) {
        String name = cause.getClass().getSimpleName();
        if (cause instanceof com.fasterxml.jackson.core.JacksonException || name.contains("Json")
                || name.contains("MismatchedInput") || name.contains("Mapping")) {
            return "the answer was not the JSON expected";
        }
        return cause.getMessage() == null ? name : name + " (" + cause.getMessage() + ")";
    }

    private static Duration retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return null;
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
