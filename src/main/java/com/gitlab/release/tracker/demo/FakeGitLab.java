package com.gitlab.release.tracker.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.gitlab.release.tracker.demo.GitLabWorld.Project;

/**
 * A stateful GitLab stand-in, as a WireMock extension, for the tests and the dev-mode demo: its state is a
 * {@link GitLabWorld}, its answers {@link GitLabRoutes}, what goes wrong {@link Faults}. Tests arrange the world and
 * the faults through these methods and read back what the function asked. Never in the packaged function
 * ({@code quarkus.package.jar.user-configured-ignored-entries}).
 */
public final class FakeGitLab implements ResponseDefinitionTransformerV2 {

    private final GitLabWorld world = new GitLabWorld();
    private final GitLabRoutes routes = new GitLabRoutes(world);
    private final Faults faults = new Faults();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> seen = new ArrayList<>();
    private final List<Long> seenAtMillis = new ArrayList<>();
    private String lastToken;

    @Override
    public String getName() {
        return "fake-gitlab";
    }

    /** A WireMock server on {@code port} (0: any free port) whose every request this fake answers. */
    public WireMockServer serve(int port) {
        WireMockServer server = new WireMockServer(options().port(port).containerThreads(40).extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        return server;
    }

    // ---- arranging --------------------------------------------------------------------------------------------

    /** A new, empty world: no projects, no faults, no quirks, nothing seen. */
    public void reset() {
        synchronized (world) {
            world.reset();
            routes.reset();
        }
        faults.reset();
        synchronized (this) {
            seen.clear();
            seenAtMillis.clear();
            requests.set(0);
        }
    }

    /** Forgets the requests seen so far (a test's set-up made some), keeping the world. */
    public synchronized void forgetRequests() {
        seen.clear();
        seenAtMillis.clear();
        requests.set(0);
    }

    public Project project(String path) {
        return world.project(path);
    }

    /**
     * Lists longer than {@code rows} come without {@code X-Total} and {@code X-Total-Pages}, as GitLab's do above
     * 10,000 rows (counting them is too costly for it): a client then pages one page after another.
     */
    public void countRowsUpTo(int rows) {
        synchronized (world) {
            routes.countedRows = rows;
        }
    }

    /**
     * Like GitLab.com's application rate limit on issue search: {@code count} searches per window (GitLab: 30 a
     * minute), then 429 with {@code RateLimit-*} headers and no {@code Retry-After}.
     */
    public void limitIssueSearches(int count, Duration window) {
        synchronized (world) {
            routes.searchLimit.set(count, window);
        }
    }

    /**
     * Like GitLab.com's limit on note creation: {@code count} notes per window (GitLab: 60 a minute), then 429 with
     * {@code Retry-After} (to the end of the window) and {@code RateLimit-Reset}.
     */
    public void limitNoteCreations(int count, Duration window) {
        synchronized (world) {
            routes.noteLimit.set(count, window);
        }
    }

    /** Note creations answered 429 by the note limit since the last reset. */
    public int throttledNoteCreations() {
        synchronized (world) {
            return routes.noteLimit.throttled();
        }
    }

    /** Issue searches answered (not throttled) since the last reset. */
    public int issueSearches() {
        return routes.searches.get();
    }

    /** Requests answered 429 by the search limit since the last reset. */
    public int throttledSearches() {
        synchronized (world) {
            return routes.searchLimit.throttled();
        }
    }

    /** Like GitLab before 15.x: {@code order_by=finished_at} on deployments is refused with 400. */
    public void refuseFinishedAtOrdering() {
        synchronized (world) {
            routes.refuseFinishedAt = true;
        }
    }

    /**
     * Like instances without keyset pagination for the tree: {@code pagination=keyset} is ignored, pages go by
     * offset ({@code page=}, {@code X-Next-Page}, {@code Link} with {@code page=}).
     */
    public void pageTreesByOffset() {
        synchronized (world) {
            routes.treeByOffset = true;
        }
    }

    /** The size of each diff's {@code diff} text in compare answers; large values make large compares. */
    public void diffTextBytes(int bytes) {
        routes.diffTextBytes = bytes;
    }

    /** Makes the next {@code times} requests matching {@code method} and a path fragment fail with {@code fault}. */
    public void failNext(String method, String pathContains, int times, FaultKind fault) {
        faults.failAfter(0, method, pathContains, times, fault);
    }

    /** Like {@link #failNext}, but lets the first {@code skip} matching requests through. */
    public void failAfter(int skip, String method, String pathContains, int times, FaultKind fault) {
        faults.failAfter(skip, method, pathContains, times, fault);
    }

    /** Makes a share of all requests fail, each with a fault drawn from {@code kinds}. */
    public void failRandomly(double share, long seed, FaultKind... kinds) {
        faults.failRandomly(share, seed, kinds);
    }

    /** The next {@code times} requests matching {@code method} and a path fragment are answered, but late. */
    public void slowNext(String method, String pathContains, int times, int millis) {
        faults.slowNext(method, pathContains, times, millis);
    }

    /**
     * Holds every request matching {@code method} and a path fragment in flight (retries too) until the returned
     * action runs; each is answered from the world as it is then. What the function asks meanwhile shows what does
     * not wait for them.
     */
    public Runnable hold(String method, String pathContains) {
        return faults.hold(method, pathContains);
    }

    /** Every answer waits this long, like a GitLab across a network (benchmarks). */
    public void latency(int millis) {
        faults.latency(millis);
    }

    // ---- reading back -----------------------------------------------------------------------------------------

    /** What was POSTed to {@code /slack-response/...} (a stand-in for Slack's response_url), in order. */
    public List<String> slackResponses() {
        synchronized (world) {
            return List.copyOf(routes.slackResponses);
        }
    }

    /** When each request of {@link #requests()} arrived, in epoch milliseconds. */
    public synchronized List<Long> requestTimes() {
        return List.copyOf(seenAtMillis);
    }

    /** The PRIVATE-TOKEN header of the latest request. */
    public synchronized String lastToken() {
        return lastToken;
    }

    /** How many requests got a fault since the last reset. */
    public int faultsInjected() {
        return faults.injected();
    }

    public int requestCount() {
        return requests.get();
    }

    /** Method and raw URL of every request received since the last reset, in order. */
    public synchronized List<String> requests() {
        return List.copyOf(seen);
    }

    // ---- serving ----------------------------------------------------------------------------------------------

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        requests.incrementAndGet();
        synchronized (this) {
            seen.add(request.getMethod().getName() + " " + request.getUrl());
            seenAtMillis.add(System.currentTimeMillis());
            lastToken = request.getHeader("PRIVATE-TOKEN");
        }
        faults.awaitRelease(request);
        FaultKind fault = faults.take(request);
        if (fault != null && fault != FaultKind.LOST_ANSWER) {
            return Faults.answer(fault);
        }
        ResponseDefinition answer;
        synchronized (world) {
            answer = routes.route(request);
        }
        if (fault == FaultKind.LOST_ANSWER) {
            return Faults.answer(fault);
        }
        int delay = faults.delayMillis(request);
        return delay > 0 ? ResponseDefinitionBuilder.like(answer).withFixedDelay(delay).build() : answer;
    }
}
