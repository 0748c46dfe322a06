package com.gitlab.release.tracker.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.gitlab.release.tracker.demo.GitLabWorld.Deployment;
import com.gitlab.release.tracker.demo.GitLabWorld.Issue;
import com.gitlab.release.tracker.demo.GitLabWorld.Note;
import com.gitlab.release.tracker.demo.GitLabWorld.Project;

/**
 * The fake GitLab's REST answers, as GitLab gives them (field names, pagination headers, errors), from the world's
 * state ({@link GitLabWorld}); and the quirks of an instance that a test turns on (GitLab.com's issue-search limit,
 * no {@code order_by=finished_at}, trees paged by offset, lists too long to count). Also stands in for Slack's
 * {@code response_url}.
 */
final class GitLabRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/v4/projects/";

    private final GitLabWorld world;
    /** Bodies POSTed to {@code /slack-response/...}. */
    final List<String> slackResponses = new ArrayList<>();
    volatile int diffTextBytes = 120;
    /** GitLab.com's application limit on issue search: 429 without Retry-After. */
    final RateLimit searchLimit = new RateLimit();
    final AtomicInteger searches = new AtomicInteger();
    /** GitLab.com's limit on note creation: 429 with Retry-After and RateLimit-Reset. */
    final RateLimit noteLimit = new RateLimit();
    boolean refuseFinishedAt;
    boolean treeByOffset;
    /** Like GitLab, which leaves out X-Total and X-Total-Pages for lists of more than 10,000 rows. */
    int countedRows = 10_000;

    GitLabRoutes(GitLabWorld world) {
        this.world = world;
    }

    /** Back to an instance without quirks. */
    void reset() {
        slackResponses.clear();
        searchLimit.reset();
        searches.set(0);
        noteLimit.reset();
        refuseFinishedAt = false;
        treeByOffset = false;
        countedRows = 10_000;
    }

    /** The answer to a request; {@code synchronized} by the caller on the world's behalf. */
    ResponseDefinition route(Request request) {
        String url = request.getUrl();
        String pathOnly = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        if (pathOnly.startsWith("/slack-response/") && request.getMethod().getName().equals("POST")) {
            slackResponses.add(request.getBodyAsString());
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withBody("ok").build();
        }
        if (pathOnly.equals("/api/v4/user") && request.getMethod().getName().equals("GET")) {
            // Any token is the bot's; no token, no user.
            return request.getHeader("PRIVATE-TOKEN") == null ? error(401, "401 Unauthorized") : ok(userJson(GitLabWorld.BOT));
        }
        if (!pathOnly.startsWith(API)) {
            return error(404, "404 Not Found");
        }
        String rest = pathOnly.substring(API.length());
        int slash = rest.indexOf('/');
        Project project = world.find(URLDecoder.decode(slash < 0 ? rest : rest.substring(0, slash), StandardCharsets.UTF_8));
        if (project == null) {
            return error(404, "404 Project Not Found");
        }
        String tail = slash < 0 ? "" : rest.substring(slash);
        String method = request.getMethod().getName();
        if (tail.isEmpty() && method.equals("GET")) {
            return ok(Map.of("id", project.id, "path_with_namespace", project.path, "default_branch", "master",
                    "web_url", project.webUrl()));
        }
        String[] parts = tail.split("/");
        ResponseDefinition answer = parts.length < 2 ? null : switch (parts[1]) {
            case "repository" -> repository(project, method, tail, parts, request);
            case "deployments" -> deployment(project, method, parts, request);
            case "issues" -> issue(project, method, parts, request);
            case "merge_requests" -> method.equals("GET") && parts.length == 3 ? mergeRequest(project, Long.parseLong(parts[2])) : null;
            default -> null;
        };
        return answer != null ? answer : error(404, "404 Not Found");
    }

    /** {@code /repository/...}: compare, tree, files, commits. */
    private ResponseDefinition repository(Project project, String method, String tail, String[] parts, Request request) {
        if (method.equals("GET") && tail.equals("/repository/compare")) {
            return compare(project, request);
        }
        if (method.equals("GET") && tail.equals("/repository/tree")) {
            return tree(project, request);
        }
        if (parts.length >= 4 && parts[2].equals("files")) {
            return file(project, URLDecoder.decode(parts[3], StandardCharsets.UTF_8), parts.length == 5 && parts[4].equals("raw"),
                    method, request);
        }
        if (method.equals("GET") && tail.equals("/repository/commits")) {
            return history(project, request);
        }
        if (method.equals("GET") && parts.length == 5 && parts[2].equals("commits") && parts[4].equals("merge_requests")) {
            // The canonical project holds the security fork's commits too: an MR holding the commit is enough.
            String sha = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
            List<Long> holding = project.commitMergeRequests.get(sha);
            if (holding == null && project.lookup(sha) == null) {
                return error(404, "404 Commit Not Found");
            }
            return ok((holding == null ? List.<Long>of() : holding).stream()
                    .map(iid -> mergeRequestJson(project, project.mergeRequests.get(iid))).toList());
        }
        if (method.equals("GET") && parts.length == 4 && parts[2].equals("commits")) {
            String ref = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
            String sha = project.branches.containsKey(ref) ? project.branches.get(ref)
                    : project.lookup(ref) != null ? project.fullSha(ref) : null;
            return sha == null ? error(404, "404 Commit Not Found")
                    : ok(Map.of("id", sha, "short_id", sha.substring(0, 8), "title", "Change"));
        }
        return null;
    }

    /** A file's first-parent history at a ref, newest first; like GitLab, without totals. */
    private ResponseDefinition history(Project project, Request request) {
        String ref = param(request, "ref_name");
        String path = param(request, "path");
        if (ref == null || project.lookup(ref) == null) {
            return error(404, "404 Ref Not Found");
        }
        List<String> shas = path == null ? project.lineage(project.fullSha(ref)) : project.history(ref, path);
        return paged(request, shas, sha -> commitJson(project, sha), false);
    }

    private static Map<String, Object> commitJson(Project project, String sha) {
        String message = project.messages.getOrDefault(sha, "Change");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", sha);
        m.put("short_id", sha.substring(0, 8));
        m.put("title", message.lines().findFirst().orElse(""));
        m.put("message", message);
        m.put("parent_ids", project.parents.containsKey(sha) ? List.of(project.parents.get(sha)) : List.of());
        return m;
    }

    private ResponseDefinition mergeRequest(Project project, long iid) {
        GitLabWorld.MergeRequest mr = project.mergeRequests.get(iid);
        return mr == null ? error(404, "404 Not found") : ok(mergeRequestJson(project, mr));
    }

    private static Map<String, Object> mergeRequestJson(Project project, GitLabWorld.MergeRequest mr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", mr.iid() + 100_000);
        m.put("iid", mr.iid());
        m.put("title", mr.title());
        m.put("state", "merged");
        m.put("web_url", project.webUrl() + "/-/merge_requests/" + mr.iid());
        m.put("author", Map.of("id", 7, "username", mr.author(), "name", mr.author()));
        m.put("labels", mr.labels());
        m.put("milestone", mr.milestone() == null ? null : Map.of("id", 3, "title", mr.milestone()));
        return m;
    }

    /** {@code /deployments} and {@code /deployments/:id}. */
    private ResponseDefinition deployment(Project project, String method, String[] parts, Request request) {
        if (method.equals("POST") && parts.length == 2) {
            return createDeployment(project, request);
        }
        if (!method.equals("GET")) {
            return null;
        }
        if (parts.length == 2) {
            return deployments(project, request);
        }
        long id = Long.parseLong(parts[2]);
        return project.deployments.stream().filter(d -> d.id() == id).findFirst()
                .map(d -> ok(deploymentJson(d, project.webUrl()))).orElseGet(() -> error(404, "404 Deployment Not Found"));
    }

    /** {@code /issues} (search), {@code /issues/:iid}, and its notes (list, create, edit, delete). */
    private ResponseDefinition issue(Project project, String method, String[] parts, Request request) {
        if (parts.length == 2) {
            return method.equals("GET") ? issues(project, request) : null;
        }
        Issue issue = project.issues.get(Long.parseLong(parts[2]));
        if (issue == null) {
            return error(404, "404 Issue Not Found");
        }
        boolean notes = parts.length >= 4 && parts[3].equals("notes");
        if (parts.length == 3 && method.equals("GET")) {
            return ok(issueJson(project, issue));
        }
        if (notes && parts.length == 4 && method.equals("GET")) {
            return notes(issue, request);
        }
        if (notes && parts.length == 4 && method.equals("POST")) {
            return createNote(issue, request);
        }
        if (notes && parts.length == 5 && method.equals("PUT")) {
            return updateNote(issue, Long.parseLong(parts[4]), request);
        }
        if (notes && parts.length == 5 && method.equals("DELETE")) {
            long id = Long.parseLong(parts[4]);
            boolean removed = issue.notes.removeIf(n -> n.id() == id);
            return removed ? ResponseDefinitionBuilder.responseDefinition().withStatus(204).build()
                    : error(404, "404 Note Not Found");
        }
        return null;
    }

    /** {@code GET .../files/:path/raw} (the text) and {@code HEAD .../files/:path} (headers only). */
    private ResponseDefinition file(Project project, String path, boolean raw, String method, Request request) {
        Set<String> files = project.lookup(param(request, "ref"));
        if (files == null || !files.contains(path)) {
            return method.equals("HEAD") ? ResponseDefinitionBuilder.responseDefinition().withStatus(404).build()
                    : error(404, "404 File Not Found");
        }
        String own = project.textAt(param(request, "ref"), path);
        String text = own != null ? own : project.contents.getOrDefault(path, "# frozen_string_literal: true\n\nclass Migration < Gitlab::Database::Migration[2.1]\n"
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
        commit.put("created_at", GitLabWorld.now());
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

    /**
     * Like GitLab: the commit and the ref (a branch, a tag, or the default branch) must exist; a create equal to the
     * environment's last deployment (ref, sha, tag, status) answers that one instead of a new one.
     */
    private ResponseDefinition createDeployment(Project project, Request request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.getBodyAsString());
        } catch (JsonProcessingException e) {
            return error(400, "400 Bad request");
        }
        String environment = body.path("environment").asText(null);
        String sha = body.path("sha").asText(null);
        String ref = body.path("ref").asText(null);
        String status = body.path("status").asText("success");
        if (environment == null || sha == null || ref == null) {
            return error(400, "400 Bad request - environment, sha and ref are required");
        }
        if (project.lookup(sha) == null) {
            return error(400, "400 Bad request - The commit does not exist");
        }
        boolean tagOrBranch = project.branches.containsKey(ref) || project.deployments.stream().anyMatch(d -> ref.equals(d.ref()));
        if (!ref.equals("master") && !tagOrBranch) {
            return error(400, "400 Bad request - The branch or tag does not exist");
        }
        Deployment last = project.deployments.stream().filter(d -> d.environment().equals(environment))
                .reduce((first, second) -> second).orElse(null);
        if (last != null && last.sha().equals(project.fullSha(sha)) && last.ref().equals(ref) && last.status().equals(status)) {
            return json(200, deploymentJson(last, project.webUrl())).build();
        }
        long id = project.deploy(environment, project.fullSha(sha), ref, status);
        Deployment created = project.deployments.stream().filter(d -> d.id() == id).findFirst().orElseThrow();
        return json(201, deploymentJson(created, project.webUrl())).build();
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
            if (searchLimit.exceeded(now)) {
                long reset = (searchLimit.resetMillis() + 999) / 1000;
                return ResponseDefinitionBuilder.responseDefinition().withStatus(429)
                        .withHeader("RateLimit-Name", "search_rate_limit").withHeader("RateLimit-Limit", String.valueOf(searchLimit.limit()))
                        .withHeader("RateLimit-Remaining", "0").withHeader("RateLimit-Reset", String.valueOf(reset))
                        .withBody("{\"message\":\"This endpoint has been requested too many times. Try again later.\"}").build();
            }
            searches.incrementAndGet();
        }
        String state = param(request, "state");
        String authorId = param(request, "author_id");
        String authorUsername = param(request, "author_username");
        if (authorId != null && authorUsername != null) {
            return error(400, "author_id, author_username are mutually exclusive");
        }
        List<Issue> list = project.issues.values().stream()
                .filter(i -> search == null || i.title.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT)))
                .filter(i -> authorId == null || i.author != null && String.valueOf(i.author.id()).equals(authorId))
                .filter(i -> authorUsername == null || i.author != null && i.author.username().equalsIgnoreCase(authorUsername))
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
        m.put("author", userJson(issue.author));
        m.put("created_at", GitLabWorld.now());
        m.put("web_url", project.webUrl() + "/-/issues/" + issue.iid);
        return m;
    }

    private ResponseDefinition notes(Issue issue, Request request) {
        List<Note> list = new ArrayList<>(issue.notes);
        if ("desc".equals(param(request, "sort"))) {
            java.util.Collections.reverse(list);
        }
        return paged(request, list, GitLabRoutes::noteJson);
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
        long now = System.currentTimeMillis();
        if (noteLimit.exceeded(now)) {
            long resetMillis = noteLimit.resetMillis();
            return ResponseDefinitionBuilder.responseDefinition().withStatus(429)
                    .withHeader("Retry-After", String.valueOf(Math.max(1, (resetMillis - now + 999) / 1000)))
                    .withHeader("RateLimit-Name", "notes_create").withHeader("RateLimit-Limit", String.valueOf(noteLimit.limit()))
                    .withHeader("RateLimit-Remaining", "0").withHeader("RateLimit-Reset", String.valueOf((resetMillis + 999) / 1000))
                    .withBody("{\"message\":\"This endpoint has been requested too many times. Try again later.\"}").build();
        }
        Note note = world.newNote(body, false, GitLabWorld.BOT);
        issue.notes.add(note);
        return json(201, noteJson(note)).build();
    }

    /** {@code PUT .../notes/:id}: a new body, the rest kept (GitLab lets the note's author edit it). */
    private ResponseDefinition updateNote(Issue issue, long id, Request request) {
        String body;
        try {
            body = JSON.readTree(request.getBodyAsString()).path("body").asText(null);
        } catch (JsonProcessingException e) {
            body = param(request, "body");
        }
        if (body == null || body.isBlank()) {
            return error(400, "400 Bad request - body is missing");
        }
        synchronized (issue.notes) {
            for (int i = 0; i < issue.notes.size(); i++) {
                Note note = issue.notes.get(i);
                if (note.id() == id) {
                    Note edited = new Note(note.id(), body, note.system(), note.createdAt(), note.author());
                    issue.notes.set(i, edited);
                    return json(200, noteJson(edited)).build();
                }
            }
        }
        return error(404, "404 Note Not Found");
    }

    private static Map<String, Object> noteJson(Note note) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", note.id());
        m.put("type", null);
        m.put("body", note.body());
        m.put("author", userJson(note.author()));
        m.put("created_at", note.createdAt());
        m.put("updated_at", note.createdAt());
        m.put("system", note.system());
        m.put("noteable_type", "Issue");
        m.put("resolvable", false);
        return m;
    }

    /** A user as GitLab shows one in {@code author} and {@code GET /user}. */
    private static Map<String, Object> userJson(GitLabWorld.User user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", user.id());
        m.put("username", user.username());
        m.put("name", user.name());
        m.put("state", "active");
        m.put("bot", user.equals(GitLabWorld.BOT));
        m.put("web_url", "https://gitlab.example.com/" + user.username());
        return m;
    }

    /** GitLab's offset pagination: {@code page}, {@code per_page} (default 20, max 100) and the X-* headers. */
    private <T> ResponseDefinition paged(Request request, List<T> all, Function<T, Object> toJson) {
        return paged(request, all, toJson, true);
    }

    /** The same; {@code counted} false leaves the totals out, as GitLab does for some lists (a file's history). */
    private <T> ResponseDefinition paged(Request request, List<T> all, Function<T, Object> toJson, boolean counted) {
        int perPage = Math.min(100, intParam(request, "per_page", 20));
        int page = Math.max(1, intParam(request, "page", 1));
        int totalPages = Math.max(1, (all.size() + perPage - 1) / perPage);
        List<Object> items = all.stream().skip((long) (page - 1) * perPage).limit(perPage).map(toJson).toList();
        ResponseDefinitionBuilder b = json(200, items)
                .withHeader("X-Page", String.valueOf(page))
                .withHeader("X-Per-Page", String.valueOf(perPage))
                .withHeader("X-Next-Page", page < totalPages ? String.valueOf(page + 1) : "");
        if (counted && all.size() <= countedRows) {
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
}
