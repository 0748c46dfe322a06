package com.gitlab.release.tracker.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A stateful GitLab stand-in, as a WireMock extension: projects with commits (file lists), deployments, issues and
 * notes kept in memory across calls, answering the REST endpoints the function uses with GitLab-shaped JSON and
 * headers. Tests arrange state through its methods and can inject faults into the next matching calls.
 */
public final class FakeGitLab implements ResponseDefinitionTransformerV2 {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/v4/projects/";

    private final Map<String, Project> projects = new HashMap<>();
    private final List<FaultRule> faults = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger faultsInjected = new AtomicInteger();
    private final List<String> seen = new ArrayList<>();
    private final List<Long> seenAtMillis = new ArrayList<>();
    private final List<SlowRule> slowRules = new ArrayList<>();
    /** Bodies POSTed to {@code /slack-response/...}: this server also stands in for Slack's response_url. */
    private final List<String> slackResponses = new ArrayList<>();
    private String lastToken;
    private volatile int latencyMillis;
    private volatile int diffTextBytes = 120;
    /** GitLab.com's application limit on issue search: this many per window, then 429 without Retry-After. */
    private int searchLimit = Integer.MAX_VALUE;
    private long searchWindowMillis = 60_000;
    private long searchWindowStart;
    private int searchesInWindow;
    private final AtomicInteger searches = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private boolean refuseFinishedAt;
    private boolean treeByOffset;
    /** Like GitLab, which leaves out X-Total and X-Total-Pages for lists of more than 10,000 rows. */
    private int countedRows = 10_000;

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

    // ---- arranging state ------------------------------------------------------------------------------------

    public synchronized void reset() {
        projects.clear();
        faults.clear();
        slowRules.clear();
        slackResponses.clear();
        seen.clear();
        seenAtMillis.clear();
        faultsInjected.set(0);
        requests.set(0);
        searchLimit = Integer.MAX_VALUE;
        searches.set(0);
        throttled.set(0);
        refuseFinishedAt = false;
        treeByOffset = false;
        countedRows = 10_000;
        latencyMillis = 0;
    }

    /**
     * Lists longer than {@code rows} come without {@code X-Total} and {@code X-Total-Pages}, as GitLab's do above
     * 10,000 rows (counting them is too costly for it): a client then pages one page after another.
     */
    public synchronized void countRowsUpTo(int rows) {
        countedRows = rows;
    }

    /**
     * Like GitLab.com's application rate limit on issue search: {@code count} searches per window (GitLab: 30 a
     * minute), then 429 with {@code RateLimit-*} headers and no {@code Retry-After}.
     */
    public synchronized void limitIssueSearches(int count, java.time.Duration window) {
        searchLimit = count;
        searchWindowMillis = window.toMillis();
        searchWindowStart = System.currentTimeMillis();
        searchesInWindow = 0;
    }

    /** Issue searches answered (not throttled) since the last reset. */
    public int issueSearches() {
        return searches.get();
    }

    /** Requests answered 429 by the search limit since the last reset. */
    public int throttledSearches() {
        return throttled.get();
    }

    /** Like GitLab before 15.x: {@code order_by=finished_at} on deployments is refused with 400. */
    public synchronized void refuseFinishedAtOrdering() {
        refuseFinishedAt = true;
    }

    /**
     * Like instances without keyset pagination for the tree: {@code pagination=keyset} is ignored, pages go by
     * offset ({@code page=}, {@code X-Next-Page}, {@code Link} with {@code page=}).
     */
    public synchronized void pageTreesByOffset() {
        treeByOffset = true;
    }

    public synchronized Project project(String path) {
        return projects.computeIfAbsent(path, p -> new Project(p, ids.incrementAndGet()));
    }

    /** Makes the next {@code times} requests matching {@code method} and a path fragment fail with {@code fault}. */
    public synchronized void failNext(String method, String pathContains, int times, FaultKind fault) {
        failAfter(0, method, pathContains, times, fault);
    }

    /** Like {@link #failNext}, but lets the first {@code skip} matching requests through. */
    public synchronized void failAfter(int skip, String method, String pathContains, int times, FaultKind fault) {
        AtomicInteger skipped = new AtomicInteger();
        faults.add(new FaultRule(r -> r.getMethod().getName().equals(method) && r.getUrl().contains(pathContains)
                && skipped.getAndIncrement() >= skip, fault, new AtomicInteger(times)));
    }

    /** Makes a share of all requests fail, each with a fault drawn from {@code kinds}. */
    public synchronized void failRandomly(double share, long seed, FaultKind... kinds) {
        java.util.Random random = new java.util.Random(seed);
        faults.add(new FaultRule(r -> true, null, new AtomicInteger(Integer.MAX_VALUE), share, random, kinds));
    }

    /** The next {@code times} requests matching {@code method} and a path fragment are answered, but late. */
    public synchronized void slowNext(String method, String pathContains, int times, int millis) {
        slowRules.add(new SlowRule(r -> r.getMethod().getName().equals(method) && r.getUrl().contains(pathContains),
                new AtomicInteger(times), millis));
    }

    private record SlowRule(Predicate<Request> matches, AtomicInteger remaining, int millis) {
    }

    /** What was POSTed to {@code /slack-response/...} (a stand-in for Slack's response_url), in order. */
    public synchronized List<String> slackResponses() {
        return List.copyOf(slackResponses);
    }

    /** When each request of {@link #requests()} arrived, in epoch milliseconds. */
    public synchronized List<Long> requestTimes() {
        return List.copyOf(seenAtMillis);
    }

    /** Every answer waits this long, like a GitLab across a network (benchmarks). */
    public void latency(int millis) {
        latencyMillis = millis;
    }

    /** The size of each diff's {@code diff} text in compare answers; large values make large compares. */
    public void diffTextBytes(int bytes) {
        diffTextBytes = bytes;
    }

    /** The PRIVATE-TOKEN header of the latest request. */
    public synchronized String lastToken() {
        return lastToken;
    }

    /** How many requests got a fault since the last reset. */
    public int faultsInjected() {
        return faultsInjected.get();
    }

    public int requestCount() {
        return requests.get();
    }

    /** Method and raw URL of every request received since the last reset, in order. */
    public synchronized List<String> requests() {
        return List.copyOf(seen);
    }

    // ---- the model -------------------------------------------------------------------------------------------

    public enum FaultKind {
        SERVER_ERROR, BAD_GATEWAY, UNAVAILABLE, RATE_LIMITED, CONNECTION_RESET, EMPTY_REPLY, SLOW,
        /** The request is carried out, then the connection drops before the answer. */
        LOST_ANSWER,
        NOT_JSON, TRUNCATED_JSON,
        /** 401: the token is wrong or expired. */
        UNAUTHORIZED,
        /** 403: the token may not do this (e.g. delete another user's note). */
        FORBIDDEN
    }

    private record FaultRule(Predicate<Request> matches, FaultKind fault, AtomicInteger remaining, double share,
            java.util.Random random, FaultKind[] kinds) {
        FaultRule(Predicate<Request> matches, FaultKind fault, AtomicInteger remaining) {
            this(matches, fault, remaining, 1.0, null, null);
        }

        FaultKind draw() {
            if (random == null) {
                return fault;
            }
            return random.nextDouble() < share ? kinds[random.nextInt(kinds.length)] : null;
        }
    }

    public record Deployment(long id, long iid, String environment, String sha, String ref, String status,
            String createdAt, String finishedAt) {
    }

    public record Note(long id, String body, boolean system, String createdAt) {
    }

    public final class Issue {
        final long iid;
        final long id;
        final String title;
        final String state;
        final List<Note> notes = new ArrayList<>();

        Issue(long iid, String title, String state) {
            this.iid = iid;
            this.id = ids.incrementAndGet();
            this.title = title;
            this.state = state;
        }

        public Issue note(String body) {
            synchronized (FakeGitLab.this) {
                notes.add(new Note(ids.incrementAndGet(), body, false, now()));
            }
            return this;
        }

        public Issue systemNote(String body) {
            synchronized (FakeGitLab.this) {
                notes.add(new Note(ids.incrementAndGet(), body, true, now()));
            }
            return this;
        }

        public List<Note> notes() {
            synchronized (FakeGitLab.this) {
                return List.copyOf(notes);
            }
        }

        /** Removes every note after the first {@code count}. */
        public void keepFirstNotes(int count) {
            synchronized (FakeGitLab.this) {
                while (notes.size() > count) {
                    notes.remove(notes.size() - 1);
                }
            }
        }
    }

    public final class Project {
        final String path;
        final long id;
        final Map<String, Set<String>> commits = new HashMap<>();
        final Map<String, String> renamedFrom = new HashMap<>();
        final Map<String, String> parents = new HashMap<>();
        final Set<String> timedOutCompares = new TreeSet<>();
        final Map<String, String> contents = new HashMap<>();
        final Map<String, String> branches = new HashMap<>();
        final List<Deployment> deployments = new ArrayList<>();
        final Map<Long, Issue> issues = new TreeMap<>();

        Project(String path, long id) {
            this.path = path;
            this.id = id;
        }

        /** A commit holding exactly these files. */
        public Project commit(String sha, Iterable<String> files) {
            synchronized (FakeGitLab.this) {
                Set<String> set = new TreeSet<>();
                files.forEach(set::add);
                commits.put(sha, set);
            }
            return this;
        }

        /** A commit made on {@code parent}: its files plus {@code added}. */
        public Project commit(String sha, String parent, String... added) {
            synchronized (FakeGitLab.this) {
                Set<String> set = new TreeSet<>(files(parent));
                set.addAll(List.of(added));
                parents.put(sha, parent);
                commits.put(sha, set);
            }
            return this;
        }

        /** A commit made on {@code parent} that deletes {@code removed}. */
        public Project commitDeleting(String sha, String parent, String... removed) {
            synchronized (FakeGitLab.this) {
                Set<String> set = new TreeSet<>(files(parent));
                List.of(removed).forEach(set::remove);
                parents.put(sha, parent);
                commits.put(sha, set);
            }
            return this;
        }

        /** A commit made on {@code parent} that moves {@code from} to {@code to}. */
        public Project commitRenaming(String sha, String parent, String from, String to) {
            synchronized (FakeGitLab.this) {
                Set<String> set = new TreeSet<>(files(parent));
                set.remove(from);
                set.add(to);
                renamedFrom.put(to, from);
                parents.put(sha, parent);
                commits.put(sha, set);
            }
            return this;
        }

        /** The files at a commit named by its full SHA or any prefix of 7 or more characters; null if unknown. */
        Set<String> lookup(String ref) {
            if (ref == null || ref.length() < 7) {
                return null;
            }
            return commits.entrySet().stream().filter(e -> e.getKey().startsWith(ref)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        String fullSha(String ref) {
            return commits.keySet().stream().filter(k -> k.startsWith(ref)).findFirst().orElseThrow();
        }

        /** The commit and its ancestors, newest first. */
        List<String> lineage(String sha) {
            List<String> line = new ArrayList<>();
            for (String c = sha; c != null; c = parents.get(c)) {
                line.add(c);
            }
            return line;
        }

        public Set<String> files(String sha) {
            Set<String> files = commits.get(sha);
            if (files == null) {
                throw new IllegalArgumentException("no commit " + sha);
            }
            return files;
        }

        /** The text of a file, at every commit that has it; files without one get a plain migration. */
        public Project content(String path, String text) {
            synchronized (FakeGitLab.this) {
                contents.put(path, text);
            }
            return this;
        }

        /** A branch pointing at a commit. */
        public Project branch(String name, String sha) {
            synchronized (FakeGitLab.this) {
                branches.put(name, sha);
            }
            return this;
        }

        /** GitLab gives up on this compare and answers {@code compare_timeout: true} with no diffs. */
        public Project compareTimesOut(String from, String to) {
            synchronized (FakeGitLab.this) {
                timedOutCompares.add(from + "..." + to);
            }
            return this;
        }

        /** A successful deployment, newer than all before it. Returns its id. */
        public long deploy(String environment, String sha, String ref) {
            return deploy(environment, sha, ref, "success");
        }

        public long deploy(String environment, String sha, String ref, String status) {
            return deployAt(environment, sha, ref, status, java.time.Instant.now());
        }

        /** A deployment created at a given time (newer ids for later calls, whatever the time). */
        public long deployAt(String environment, String sha, String ref, String status, java.time.Instant createdAt) {
            return deployFinishing(environment, sha, ref, status, createdAt, createdAt);
        }

        /** A deployment created at one time and finished at another (deployments can overlap). */
        public long deployFinishing(String environment, String sha, String ref, String status, java.time.Instant createdAt,
                java.time.Instant finishedAt) {
            synchronized (FakeGitLab.this) {
                long id = ids.incrementAndGet();
                deployments.add(new Deployment(id, deployments.size() + 1, environment, sha, ref, status,
                        createdAt.toString(), finishedAt.toString()));
                return id;
            }
        }

        /** The ids of the deployments to an environment, oldest first. */
        public List<Long> deploymentIds(String environment) {
            synchronized (FakeGitLab.this) {
                return deployments.stream().filter(d -> d.environment().equals(environment)).map(Deployment::id).toList();
            }
        }

        public Issue issue(long iid, String title) {
            return issue(iid, title, "opened");
        }

        public Issue issue(long iid, String title, String state) {
            synchronized (FakeGitLab.this) {
                Issue issue = new Issue(iid, title, state);
                issues.put(iid, issue);
                return issue;
            }
        }

        /** The issues by IID; tests may remove some. */
        public Map<Long, Issue> issues() {
            return issues;
        }

        public Issue issue(long iid) {
            synchronized (FakeGitLab.this) {
                return issues.get(iid);
            }
        }

        public String webUrl() {
            return "https://gitlab.example.com/" + path;
        }
    }

    // ---- serving ---------------------------------------------------------------------------------------------

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        requests.incrementAndGet();
        FaultKind fault;
        synchronized (this) {
            seen.add(request.getMethod().getName() + " " + request.getUrl());
            seenAtMillis.add(System.currentTimeMillis());
            lastToken = request.getHeader("PRIVATE-TOKEN");
            fault = takeFault(request);
        }
        if (fault != null && fault != FaultKind.LOST_ANSWER) {
            return faultAnswer(fault);
        }
        ResponseDefinition answer;
        synchronized (this) {
            answer = route(request);
        }
        if (fault == FaultKind.LOST_ANSWER) {
            return faultAnswer(fault);
        }
        int delay = latencyMillis;
        synchronized (this) {
            for (SlowRule rule : slowRules) {
                if (rule.remaining().get() > 0 && rule.matches().test(request)) {
                    rule.remaining().decrementAndGet();
                    delay += rule.millis();
                    break;
                }
            }
        }
        return delay > 0 ? ResponseDefinitionBuilder.like(answer).withFixedDelay(delay).build() : answer;
    }

    private FaultKind takeFault(Request request) {
        for (FaultRule rule : faults) {
            if (rule.remaining().get() > 0 && rule.matches().test(request)) {
                FaultKind kind = rule.draw();
                if (kind != null) {
                    rule.remaining().decrementAndGet();
                    faultsInjected.incrementAndGet();
                    return kind;
                }
            }
        }
        return null;
    }

    private static ResponseDefinition faultAnswer(FaultKind fault) {
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition();
        return switch (fault) {
            case SERVER_ERROR -> b.withStatus(500).withBody("{\"message\":\"500 Internal Server Error\"}").build();
            case BAD_GATEWAY -> b.withStatus(502).withBody("<html>502 Bad Gateway</html>").build();
            case UNAVAILABLE -> b.withStatus(503).withBody("{\"message\":\"503 Service Unavailable\"}").build();
            case RATE_LIMITED -> b.withStatus(429).withHeader("Retry-After", "1")
                    .withHeader("RateLimit-Remaining", "0").withBody("Retry later").build();
            case CONNECTION_RESET, LOST_ANSWER -> b.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            case EMPTY_REPLY -> b.withFault(Fault.EMPTY_RESPONSE).build();
            case SLOW -> b.withStatus(200).withFixedDelay(3_000).withBody("[]").build();
            case NOT_JSON -> b.withStatus(200).withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Sign in</body></html>").build();
            case UNAUTHORIZED -> b.withStatus(401).withBody("{\"message\":\"401 Unauthorized\"}").build();
            case FORBIDDEN -> b.withStatus(403).withBody("{\"message\":\"403 Forbidden\"}").build();
            case TRUNCATED_JSON -> b.withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"diffs\": [{\"old_path\": \"db/po").build();
        };
    }

    private ResponseDefinition route(Request request) {
        String url = request.getUrl();
        String pathOnly = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        if (pathOnly.startsWith("/slack-response/") && request.getMethod().getName().equals("POST")) {
            slackResponses.add(request.getBodyAsString());
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withBody("ok").build();
        }
        if (!pathOnly.startsWith(API)) {
            return error(404, "404 Not Found");
        }
        String rest = pathOnly.substring(API.length());
        int slash = rest.indexOf('/');
        String rawProject = slash < 0 ? rest : rest.substring(0, slash);
        String tail = slash < 0 ? "" : rest.substring(slash);
        Project project = projects.get(URLDecoder.decode(rawProject, StandardCharsets.UTF_8));
        if (project == null) {
            return error(404, "404 Project Not Found");
        }
        String method = request.getMethod().getName();
        String[] parts = tail.split("/");
        if (method.equals("GET") && tail.equals("/repository/compare")) {
            return compare(project, request);
        }
        if (method.equals("GET") && tail.equals("/repository/tree")) {
            return tree(project, request);
        }
        if (parts.length >= 4 && parts[1].equals("repository") && parts[2].equals("files")) {
            return file(project, URLDecoder.decode(parts[3], StandardCharsets.UTF_8), parts.length == 5 && parts[4].equals("raw"),
                    method, request);
        }
        if (method.equals("GET") && parts.length == 4 && parts[1].equals("repository") && parts[2].equals("commits")) {
            String ref = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
            String sha = project.branches.containsKey(ref) ? project.branches.get(ref)
                    : project.lookup(ref) != null ? project.fullSha(ref) : null;
            return sha == null ? error(404, "404 Commit Not Found")
                    : ok(Map.of("id", sha, "short_id", sha.substring(0, 8), "title", "Change"));
        }
        if (method.equals("GET") && tail.equals("/deployments")) {
            return deployments(project, request);
        }
        if (method.equals("GET") && parts.length == 3 && parts[1].equals("deployments")) {
            long id = Long.parseLong(parts[2]);
            return project.deployments.stream().filter(d -> d.id() == id).findFirst()
                    .map(d -> ok(deploymentJson(d, project.webUrl()))).orElseGet(() -> error(404, "404 Deployment Not Found"));
        }
        if (method.equals("GET") && tail.equals("/issues")) {
            return issues(project, request);
        }
        if (parts.length >= 3 && parts[1].equals("issues")) {
            Issue issue = project.issues.get(Long.parseLong(parts[2]));
            if (issue == null) {
                return error(404, "404 Issue Not Found");
            }
            if (parts.length == 3 && method.equals("GET")) {
                return ok(issueJson(project, issue));
            }
            if (parts.length == 4 && parts[3].equals("notes") && method.equals("GET")) {
                return notes(issue, request);
            }
            if (parts.length == 4 && parts[3].equals("notes") && method.equals("POST")) {
                return createNote(issue, request);
            }
            if (parts.length == 5 && parts[3].equals("notes") && method.equals("DELETE")) {
                long id = Long.parseLong(parts[4]);
                boolean removed = issue.notes.removeIf(n -> n.id() == id);
                return removed ? ResponseDefinitionBuilder.responseDefinition().withStatus(204).build()
                        : error(404, "404 Note Not Found");
            }
        }
        return error(404, "404 Not Found");
    }

    /** {@code GET .../files/:path/raw} (the text) and {@code HEAD .../files/:path} (headers only). */
    private ResponseDefinition file(Project project, String path, boolean raw, String method, Request request) {
        Set<String> files = project.lookup(param(request, "ref"));
        if (files == null || !files.contains(path)) {
            return method.equals("HEAD") ? ResponseDefinitionBuilder.responseDefinition().withStatus(404).build()
                    : error(404, "404 File Not Found");
        }
        String text = project.contents.getOrDefault(path, "# frozen_string_literal: true\n\nclass Migration < Gitlab::Database::Migration[2.1]\n"
                + "  def up\n    add_concurrent_index :users, :id\n  end\nend\n");
        if (method.equals("HEAD")) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withHeader("X-Gitlab-File-Path", path)
                    .withHeader("X-Gitlab-Size", String.valueOf(text.length())).build();
        }
        if (!raw || !method.equals("GET")) {
            return error(404, "404 Not Found");
        }
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withHeader("Content-Type", "text/plain; charset=utf-8")
                .withBody(text).build();
    }

    private ResponseDefinition compare(Project project, Request request) {
        String from = param(request, "from");
        String to = param(request, "to");
        if (project.lookup(from) == null || project.lookup(to) == null) {
            return error(404, "404 Ref Not Found");
        }
        // Like GitLab (straight=false): the changes of `to` since the merge base of the two commits.
        String fromSha = project.fullSha(from);
        String toSha = project.fullSha(to);
        List<String> fromLine = project.lineage(fromSha);
        List<String> commitsSince = new ArrayList<>();
        String base = fromSha;
        for (String c : project.lineage(toSha)) {
            if (fromLine.contains(c)) {
                base = c;
                break;
            }
            commitsSince.add(c);
        }
        Set<String> before = project.files(base);
        Set<String> after = project.files(toSha);
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> commit = new LinkedHashMap<>();
        commit.put("id", to);
        commit.put("short_id", to.substring(0, Math.min(8, to.length())));
        commit.put("title", "Auto-deploy commit");
        commit.put("created_at", now());
        body.put("commit", commit);
        body.put("commits", commitsSince.stream().map(c -> Map.of("id", c, "short_id", c.substring(0, 8), "title", "Change")).toList());
        List<Map<String, Object>> diffs = new ArrayList<>();
        boolean timedOut = project.timedOutCompares.contains(from + "..." + to);
        if (!timedOut) {
            Set<String> renamedAway = new TreeSet<>();
            for (String path : after) {
                if (!before.contains(path)) {
                    String old = project.renamedFrom.get(path);
                    if (old != null && before.contains(old) && !after.contains(old)) {
                        renamedAway.add(old);
                        diffs.add(diff(old, path, false, true, false, diffTextBytes));
                    } else {
                        diffs.add(diff(path, path, true, false, false, diffTextBytes));
                    }
                }
            }
            for (String path : before) {
                if (!after.contains(path) && !renamedAway.contains(path)) {
                    diffs.add(diff(path, path, false, false, true, diffTextBytes));
                }
            }
        }
        body.put("diffs", diffs);
        body.put("compare_timeout", timedOut);
        body.put("compare_same_ref", from.equals(to));
        body.put("web_url", project.webUrl() + "/-/compare/" + from + "..." + to);
        return ok(body);
    }

    private static Map<String, Object> diff(String oldPath, String newPath, boolean added, boolean renamed,
            boolean deleted, int textBytes) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("old_path", oldPath);
        d.put("new_path", newPath);
        d.put("a_mode", added ? "0" : "100644");
        d.put("b_mode", deleted ? "0" : "100644");
        StringBuilder text = new StringBuilder("@@ -0,0 +1,3 @@\n+# frozen_string_literal: true\n");
        while (text.length() < textBytes) {
            text.append("+  add_concurrent_index :users, :id, name: \"index_users_on_id\" # \"quoted\" \\ text\n");
        }
        d.put("diff", text.toString());
        d.put("new_file", added);
        d.put("renamed_file", renamed);
        d.put("deleted_file", deleted);
        return d;
    }

    private ResponseDefinition tree(Project project, Request request) {
        Set<String> files = project.lookup(param(request, "ref"));
        if (files == null) {
            return error(404, "404 Tree Not Found");
        }
        String folder = param(request, "path");
        String prefix = folder == null || folder.isEmpty() ? "" : folder.replaceAll("/$", "") + "/";
        TreeMap<String, String> entries = new TreeMap<>();
        for (String file : files) {
            if (file.startsWith(prefix)) {
                String rest = file.substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash < 0) {
                    entries.put(file, "blob");
                } else {
                    entries.put(prefix + rest.substring(0, slash), "tree");
                }
            }
        }
        if (entries.isEmpty() && !prefix.isEmpty()) {
            return error(404, "404 Tree Not Found");
        }
        int perPage = intParam(request, "per_page", 20);
        if (treeByOffset || !"keyset".equals(param(request, "pagination"))) {
            List<Map<String, Object>> all = new ArrayList<>();
            entries.forEach((path, type) -> all.add(treeEntry(path, type)));
            return paged(request, all, e -> e);
        }
        String token = param(request, "page_token");
        List<Map<String, Object>> page = new ArrayList<>();
        var tail = token == null ? entries : entries.tailMap(token, false);
        String last = null;
        for (var entry : tail.entrySet()) {
            if (page.size() == perPage) {
                break;
            }
            page.add(treeEntry(entry.getKey(), entry.getValue()));
            last = entry.getKey();
        }
        ResponseDefinitionBuilder b = json(200, page);
        if (last != null && entries.higherKey(last) != null) {
            String next = request.getAbsoluteUrl().replaceAll("([?&])page_token=[^&]*&?", "$1").replaceAll("[?&]$", "");
            next += (next.contains("?") ? "&" : "?") + "page_token=" + java.net.URLEncoder.encode(last, StandardCharsets.UTF_8);
            b.withHeader("Link", "<" + next + ">; rel=\"next\"");
        }
        return b.build();
    }

    private static Map<String, Object> treeEntry(String path, String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", Integer.toHexString(path.hashCode()));
        e.put("name", path.substring(path.lastIndexOf('/') + 1));
        e.put("type", type);
        e.put("path", path);
        e.put("mode", type.equals("blob") ? "100644" : "040000");
        return e;
    }

    private ResponseDefinition deployments(Project project, Request request) {
        String webUrl = project.webUrl();
        String environment = param(request, "environment");
        String status = param(request, "status");
        String orderBy = param(request, "order_by");
        if ("finished_at".equals(orderBy) && (refuseFinishedAt || !"success".equals(status))) {
            return error(400, refuseFinishedAt ? "400 Bad request - order_by does not have a valid value"
                    : "400 Bad request - order_by=finished_at needs status=success");
        }
        Comparator<Deployment> order = "finished_at".equals(orderBy)
                ? Comparator.comparing(Deployment::finishedAt).thenComparingLong(Deployment::id)
                : Comparator.comparingLong(Deployment::id);
        List<Deployment> list = project.deployments.stream()
                .filter(d -> environment == null || d.environment().equals(environment))
                .filter(d -> status == null || d.status().equals(status))
                .sorted("desc".equals(param(request, "sort")) ? order.reversed() : order)
                .toList();
        return paged(request, list, d -> deploymentJson(d, webUrl));
    }

    private static Map<String, Object> deploymentJson(Deployment d, String projectUrl) {
        {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("iid", d.iid());
            m.put("ref", d.ref());
            m.put("sha", d.sha());
            m.put("status", d.status());
            m.put("created_at", d.createdAt());
            m.put("updated_at", d.createdAt());
            m.put("finished_at", d.status().equals("success") ? d.finishedAt() : null);
            m.put("user", Map.of("id", 1, "username", "release-tools"));
            m.put("environment", Map.of("id", 9, "name", d.environment(), "external_url", "https://example.com"));
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("id", d.id() + 1);
            job.put("status", d.status());
            job.put("ref", d.ref());
            job.put("tag", true);
            job.put("web_url", projectUrl + "/-/jobs/" + (d.id() + 1));
            m.put("deployable", job);
            return m;
        }
    }

    private ResponseDefinition issues(Project project, Request request) {
        String search = param(request, "search");
        if (search != null) {
            long now = System.currentTimeMillis();
            if (now - searchWindowStart >= searchWindowMillis) {
                searchWindowStart = now - (now - searchWindowStart) % searchWindowMillis;
                searchesInWindow = 0;
            }
            if (++searchesInWindow > searchLimit) {
                throttled.incrementAndGet();
                long reset = (searchWindowStart + searchWindowMillis + 999) / 1000;
                return ResponseDefinitionBuilder.responseDefinition().withStatus(429)
                        .withHeader("RateLimit-Name", "search_rate_limit").withHeader("RateLimit-Limit", String.valueOf(searchLimit))
                        .withHeader("RateLimit-Remaining", "0").withHeader("RateLimit-Reset", String.valueOf(reset))
                        .withBody("{\"message\":\"This endpoint has been requested too many times. Try again later.\"}").build();
            }
            searches.incrementAndGet();
        }
        String state = param(request, "state");
        List<Issue> list = project.issues.values().stream()
                .filter(i -> search == null || i.title.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT)))
                .filter(i -> state == null || state.equals("all") || state.equals(i.state))
                .sorted(Comparator.comparingLong((Issue i) -> i.iid).reversed())
                .toList();
        return paged(request, list, i -> issueJson(project, i));
    }

    private Map<String, Object> issueJson(Project project, Issue issue) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", issue.id);
        m.put("iid", issue.iid);
        m.put("project_id", project.id);
        m.put("title", issue.title);
        m.put("description", null);
        m.put("state", issue.state);
        m.put("labels", List.of("Monthly Release"));
        m.put("created_at", now());
        m.put("web_url", project.webUrl() + "/-/issues/" + issue.iid);
        return m;
    }

    private ResponseDefinition notes(Issue issue, Request request) {
        List<Note> list = new ArrayList<>(issue.notes);
        if ("desc".equals(param(request, "sort"))) {
            java.util.Collections.reverse(list);
        }
        return paged(request, list, FakeGitLab::noteJson);
    }

    private ResponseDefinition createNote(Issue issue, Request request) {
        String body;
        try {
            JsonNode node = JSON.readTree(request.getBodyAsString());
            body = node.path("body").asText(null);
        } catch (JsonProcessingException e) {
            body = param(request, "body");
        }
        if (body == null || body.isBlank()) {
            return error(400, "400 Bad request - body is missing");
        }
        Note note = new Note(ids.incrementAndGet(), body, false, now());
        issue.notes.add(note);
        return json(201, noteJson(note)).build();
    }

    private static Map<String, Object> noteJson(Note note) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", note.id());
        m.put("type", null);
        m.put("body", note.body());
        m.put("author", Map.of("id", 1, "username", "release-tools-bot", "name", "Release Tools Bot"));
        m.put("created_at", note.createdAt());
        m.put("updated_at", note.createdAt());
        m.put("system", note.system());
        m.put("noteable_type", "Issue");
        m.put("resolvable", false);
        return m;
    }

    /** GitLab's offset pagination: {@code page}, {@code per_page} (default 20, max 100) and the X-* headers. */
    private <T> ResponseDefinition paged(Request request, List<T> all, Function<T, Object> toJson) {
        int perPage = Math.min(100, intParam(request, "per_page", 20));
        int page = Math.max(1, intParam(request, "page", 1));
        int totalPages = Math.max(1, (all.size() + perPage - 1) / perPage);
        List<Object> items = all.stream().skip((long) (page - 1) * perPage).limit(perPage).map(toJson).toList();
        ResponseDefinitionBuilder b = json(200, items)
                .withHeader("X-Page", String.valueOf(page))
                .withHeader("X-Per-Page", String.valueOf(perPage))
                .withHeader("X-Next-Page", page < totalPages ? String.valueOf(page + 1) : "");
        if (all.size() <= countedRows) {
            b.withHeader("X-Total", String.valueOf(all.size())).withHeader("X-Total-Pages", String.valueOf(totalPages));
        }
        if (page < totalPages) {
            String next = request.getAbsoluteUrl().replaceAll("([?&])page=\\d+&?", "$1").replaceAll("[?&]$", "");
            b.withHeader("Link", "<" + next + (next.contains("?") ? "&" : "?") + "page=" + (page + 1) + ">; rel=\"next\"");
        }
        return b.build();
    }

    private static String param(Request request, String name) {
        QueryParameter p = request.queryParameter(name);
        return p == null || !p.isPresent() ? null : p.firstValue();
    }

    private static int intParam(Request request, String name, int fallback) {
        String value = param(request, name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static ResponseDefinition ok(Object body) {
        return json(200, body).build();
    }

    private static ResponseDefinition error(int status, String message) {
        return json(status, Map.of("message", message)).build();
    }

    private static ResponseDefinitionBuilder json(int status, Object body) {
        try {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeaders(new HttpHeaders(new HttpHeader("Content-Type", "application/json")))
                    .withBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String now() {
        return java.time.Instant.now().toString();
    }
}
