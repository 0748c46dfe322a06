package com.gitlab.release.tracker.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The training run behind the function's start-up cache: starts the packaged function with the cache flag, sends it
 * the calls it answers in production (a package recorded and noted, the same package again, the queries, a chat
 * command, bad input) against a small GitLab stand-in, then stops it so that the JVM writes the cache at exit.
 * JDK classes only, so it runs on the image's JRE: {@code src/main/docker/Dockerfile.jvm} runs it at image build,
 * the README's command runs it locally, and the benchmark measures the cache it makes.
 *
 * <p>Arguments: the {@code java} to train, the cache to write ({@code .aot}: JDK 25's AOT cache; {@code .jsa}: a
 * dynamic AppCDS archive, JDK 17), and the {@code quarkus-app} folder.
 */
public final class AotTraining {
    private static final String SHA = "97d6e07c2a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String BASE = "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    private static final String PACKAGE = "14.8.202202080920-97d6e07c2a1.4ce763dbce1";
    private static final String MIGRATION = "db/post_migrate/20220201173212_add_index_to_builds.rb";

    /**
     * The JVM options of the training run, as in the JVM image and the {@code warm} profile. SerialGC, as the function
     * runs (a cache made under another GC loses its archived heap objects). C1 only: the cache then holds the loaded
     * and linked classes without C2 method profiles, whose replay at start-up keeps both cores compiling while the
     * function starts (on 2 cores here: 0.77 s to the first answer with such a cache, 1.0 s with a fully profiled one).
     */
    public static final List<String> TRAINING_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final List<String> notes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: AotTraining <java> <cache: app.aot or app-cds.jsa> <quarkus-app folder> [JVM options]");
            System.exit(2);
        }
        new AotTraining().train(args[0], Path.of(args[1]).toAbsolutePath(), Path.of(args[2]).toAbsolutePath(),
                List.of(args).subList(3, args.length));
    }

    /** Trains with the JVM options the function will run with: a cache made under other options may not be used. */
    void train(String java, Path cache, Path app, List<String> jvmOptions) throws Exception {
        Files.deleteIfExists(cache);
        HttpServer gitlab = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gitlab.createContext("/", this::answer);
        gitlab.setExecutor(Executors.newFixedThreadPool(4));
        gitlab.start();
        int port = freePort();
        String flag = cache.toString().endsWith(".jsa") ? "-XX:ArchiveClassesAtExit=" + cache : "-XX:AOTCacheOutput=" + cache;
        List<String> command = new ArrayList<>(List.of(java, flag));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-jar", "quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(app.resolve("aot-training.log").toFile());
        builder.environment().put("TRACKER_GITLAB_URL", "http://127.0.0.1:" + gitlab.getAddress().getPort());
        builder.environment().put("TRACKER_GITLAB_TOKEN", "training");
        builder.environment().remove("TRACKER_AUTH_TOKEN");
        // Trained on loopback, where no caller but the training reaches it.
        builder.environment().put("TRACKER_ALLOW_UNAUTHENTICATED", "true");
        Process function = builder.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://127.0.0.1:" + port + "/";
            waitUntilUp(client, base + "q/health/ready", function);
            for (int i = 0; i < 10; i++) {
                post(client, base + "record-package", "{\"package\":\"" + PACKAGE + "\"}");
                post(client, base + "record-package", "{\"package\":\"" + PACKAGE + "\",\"dryRun\":true}");
                post(client, base + "record-package", "{\"package\":\"" + PACKAGE + "\",\"previous\":\"" + BASE + "\",\"dryRun\":true}");
                post(client, base + "which-package", "{\"migration\":\"20220201173212\"}");
                post(client, base + "rollback-check", "{\"environment\":\"gprd\",\"target\":\"" + BASE + "\"}");
                post(client, base + "pending-post-migrations", "{\"environment\":\"gprd\"}");
                post(client, base + "release-post-migrations", "{\"release\":\"14.8\"}");
                post(client, base + "chatops", "which 20220201173212");
                post(client, base + "record-package", "{\"package\":\"not a package\"}");
            }
        } finally {
            function.destroy(); // SIGTERM: an orderly exit, at which the JVM writes the cache
            function.waitFor();
            gitlab.stop(0);
            ((java.util.concurrent.ExecutorService) gitlab.getExecutor()).shutdownNow();
        }
        if (!Files.exists(cache)) {
            throw new IllegalStateException("the JVM wrote no cache at " + cache + "; see " + app.resolve("aot-training.log"));
        }
        System.out.println("start-up cache written: " + cache + " (" + Files.size(cache) / 1024 / 1024 + " MiB)");
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void waitUntilUp(HttpClient client, String url, Process function) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            if (!function.isAlive()) {
                throw new IllegalStateException("the function stopped during training (exit " + function.exitValue() + ")");
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the function did not start within 60 s");
    }

    private static void post(HttpClient client, String url, String body) throws Exception {
        client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", url.endsWith("chatops") ? "text/plain" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    // ---- the GitLab stand-in: one package with one post-migration (its MR), one release issue ---------------

    private void answer(HttpExchange exchange) throws IOException {
        String path = URI.create(exchange.getRequestURI().getRawPath()).getPath();
        String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        String method = exchange.getRequestMethod();
        if (path.endsWith("/deployments") && method.equals("POST")) {
            // The packages environment logs the package (one deployment).
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            send(exchange, 201, deployment(2, SHA, "master"));
        } else if (path.endsWith("/deployments")) {
            // The package runs on gprd; the baseline environment and the databases are still at the base commit.
            boolean running = query.contains("status=running");
            boolean production = query.contains("environment=gprd&") || query.endsWith("environment=gprd");
            json(exchange, running ? "[]" : "[" + deployment(1, production ? SHA : BASE, production ? PACKAGE : "base") + "]");
        } else if (path.endsWith("/repository/compare")) {
            json(exchange, "{\"commits\":[{\"id\":\"" + SHA + "\"}],\"diffs\":[{\"old_path\":\"" + MIGRATION + "\",\"new_path\":\""
                    + MIGRATION + "\",\"new_file\":true,\"renamed_file\":false,\"deleted_file\":false,\"diff\":\"+class X\"}],"
                    + "\"compare_timeout\":false}");
        } else if (path.contains("/repository/files/") && path.endsWith("/raw")) {
            text(exchange, "class AddIndexToBuilds < Gitlab::Database::Migration[2.2]\n  restrict_gitlab_migration gitlab_schema: :gitlab_main\nend\n");
        } else if (path.contains("/repository/files/")) {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        } else if (path.endsWith("/merge_requests") || path.matches(".*/merge_requests/\\d+")) {
            // Who brought the post-migration: its MR, found from a commit, or read by its iid.
            json(exchange, path.endsWith("/merge_requests") ? "[" + mergeRequest() + "]" : mergeRequest());
        } else if (path.endsWith("/repository/commits")) {
            // A file's history: the merge that added it, naming its MR.
            exchange.getResponseHeaders().add("X-Total-Pages", "1");
            exchange.getResponseHeaders().add("X-Next-Page", "");
            json(exchange, "[{\"id\":\"" + SHA + "\",\"message\":\"Merge branch 'add-index' into 'master'\\n\\nSee merge request "
                    + "gitlab-org/gitlab!80111\"}]");
        } else if (path.contains("/repository/commits/")) {
            json(exchange, "{\"id\":\"" + SHA + "\"}");
        } else if (path.equals("/api/v4/user")) { // the token's user, whose notes and issues are the records
            json(exchange, BOT);
        } else if (exchange.getRequestURI().getRawPath().matches("/api/v4/projects/[^/]+")) { // the project, its path encoded
            json(exchange, "{\"default_branch\":\"master\"}");
        } else if (path.endsWith("/issues")) {
            json(exchange, "[" + issue() + "]");
        } else if (path.matches(".*/issues/\\d+")) {
            json(exchange, issue());
        } else if (path.endsWith("/notes") && method.equals("POST")) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String note;
            synchronized (notes) {
                note = "{\"id\":" + (notes.size() + 1) + ",\"system\":false,\"created_at\":\"2022-02-08T10:00:00Z\",\"author\":" + BOT
                        + ",\"body\":"
                        + body.substring(body.indexOf(':') + 1, body.lastIndexOf('}')) + "}";
                notes.add(note);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            send(exchange, 201, note);
        } else if (path.endsWith("/notes")) {
            List<String> page;
            synchronized (notes) {
                page = new ArrayList<>(notes);
            }
            if (query.contains("sort=desc")) {
                java.util.Collections.reverse(page);
            }
            exchange.getResponseHeaders().add("X-Total-Pages", "1");
            exchange.getResponseHeaders().add("X-Next-Page", "");
            json(exchange, "[" + String.join(",", page) + "]");
        } else {
            send(exchange, 404, "{\"message\":\"404 Not Found\"}");
        }
    }

    /** The token's user: the author of the notes and the issue the training writes and reads. */
    private static final String BOT = "{\"id\":1,\"username\":\"release-tools-bot\"}";

    private static String deployment(long id, String sha, String ref) {
        return "{\"id\":" + id + ",\"iid\":" + id + ",\"ref\":\"" + ref + "\",\"sha\":\"" + sha + "\",\"status\":\"success\","
                + "\"created_at\":\"2022-02-08T09:20:00Z\",\"updated_at\":\"2022-02-08T09:40:00Z\",\"finished_at\":\"2022-02-08T09:40:00Z\"}";
    }

    private static String mergeRequest() {
        return "{\"iid\":80111,\"title\":\"Add an index to builds\",\"web_url\":\"http://gitlab.example/mr/80111\","
                + "\"state\":\"merged\",\"author\":{\"username\":\"developer\"},\"labels\":[\"group::database\"],"
                + "\"milestone\":{\"title\":\"14.8\"}}";
    }

    private static String issue() {
        return "{\"id\":1,\"iid\":1,\"title\":\"Release 14.8\",\"state\":\"opened\",\"web_url\":\"http://gitlab.example/issues/1\","
                + "\"created_at\":\"2022-01-20T00:00:00Z\",\"author\":" + BOT + "}";
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        send(exchange, 200, body);
    }

    private static void text(HttpExchange exchange, String body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        send(exchange, 200, body);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
