package com.gitlab.release.tracker.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A GitLab stand-in for zero-latency figures: it serves answers copied once from the fake GitLab, byte for byte with
 * their headers, from memory, on the JDK's own HTTP server. Serving an answer costs next to nothing, so what a call
 * takes beyond a plain client fetching the same answers is the function's own time. Only reads: a request it has no
 * answer for is a 404 and counted ({@link #checkEveryRequestAnswered()}).
 */
final class CannedGitLab implements AutoCloseable {

    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    /** Headers that belong to one connection or one exchange, not to the answer. */
    private static final Set<String> HOP = Set.of("content-length", "transfer-encoding", "connection", "date",
            "keep-alive", "matched-stub-id", "vary", "server");

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final AtomicInteger missed = new AtomicInteger();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final HttpServer server;

    CannedGitLab() throws IOException {
        // Without it, an answer's headers and body leave in two packets and the second waits for the first's
        // delayed acknowledgement (Nagle's algorithm): 40 ms per request. The JDK reads it when its first HTTP server
        // starts: PerformanceBenchmark sets it first thing too.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Copies the answers of {@code requests} ({@code "GET /api/v4/..."}, as the fake lists them) from {@code gitlabUrl}. */
    void copy(String gitlabUrl, List<String> requests, HttpClient client) throws Exception {
        for (String request : requests) {
            if (!request.startsWith("GET ")) {
                throw new IllegalArgumentException("only reads are canned, not " + request);
            }
            // With a token, as the function asks: GitLab answers the token's user only to a request that has one.
            HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(URI.create(gitlabUrl + request.substring(4)))
                    .header("PRIVATE-TOKEN", "benchmark-token").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new java.util.TreeMap<>();
            answer.headers().map().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    headers.put(name, values);
                }
            });
            answers.put(request, new Answer(answer.statusCode(), headers, answer.body()));
        }
    }

    /** Fails when a request met no canned answer: the figures would then time 404s. */
    void checkEveryRequestAnswered() {
        if (missed.get() > 0) {
            throw new IllegalStateException(missed.get() + " requests had no canned answer");
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
            Answer answer = answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            if (answer == null) {
                missed.incrementAndGet();
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().putAll(answer.headers());
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
