package com.gitlab.release.tracker.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The packaged function as a separate process ({@code java -jar quarkus-run.jar} in {@code target/quarkus-app}). */
final class FunctionProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(200)).build();

    /** The packaged function's folder. */
    /** The packaged function: this build's, or another's ({@code -Dbench.app=<its quarkus-app>}, to compare commits). */
    static final Path APP = Path.of(System.getProperty("bench.app", "target/quarkus-app")).toAbsolutePath();

    final Process process;
    final int port;
    final Path log;
    /** From process start to the first answer of {@code /q/health/live}; -1 when a call woke it ({@link Woken}). */
    final long startupMillis;

    private FunctionProcess(Process process, int port, Path log, long startupMillis) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startupMillis = startupMillis;
    }

    static FunctionProcess start(String java, List<String> jvmArgs, String gitlabUrl, Path log) throws Exception {
        return start(java, jvmArgs, gitlabUrl, log, null, null).process();
    }

    /** A process started and its first answer to {@code function} (sent from process start until it answers). */
    record Woken(FunctionProcess process, long firstAnswerMillis, Answer answer) {
    }

    /**
     * Starts the function and calls {@code function} with {@code json} from the moment the process starts, as a caller
     * whose request woke it (Knative's activator, Cloud Run) would: the time to that call's answer is what the caller
     * waits. With no function, waits for {@code /q/health/live} instead (the process's {@link #startupMillis}).
     */
    static Woken start(String java, List<String> jvmArgs, String gitlabUrl, Path log, String function, String json) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dtracker.gitlab.url=" + gitlabUrl);
        command.add("-Dtracker.gitlab.token=benchmark-token");
        // The benchmark's own process on loopback: no caller but the benchmark reaches it.
        command.add("-Dtracker.allow-unauthenticated=true");
        command.add("-jar");
        command.add("quarkus-run.jar");
        Files.createDirectories(log.toAbsolutePath().getParent());
        // From its own folder, as the start-up cache was trained: the cache records the class path as given.
        ProcessBuilder builder = new ProcessBuilder(command).directory(APP.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toAbsolutePath().toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        if (function != null) {
            FunctionProcess f = new FunctionProcess(process, port, log, -1);
            while (true) {
                try {
                    Answer answer = f.post(function, json);
                    return new Woken(f, (System.nanoTime() - start) / 1_000_000, answer);
                } catch (java.net.ConnectException e) {
                    // not listening yet
                }
                giveUpAfterAMinute(process, start, log);
                Thread.sleep(2);
            }
        }
        HttpRequest live = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/live"))
                .timeout(Duration.ofSeconds(1)).build();
        while (true) {
            try {
                if (HTTP.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    long started = (System.nanoTime() - start) / 1_000_000;
                    return new Woken(new FunctionProcess(process, port, log, started), started, null);
                }
            } catch (IOException e) {
                // not listening yet
            }
            giveUpAfterAMinute(process, start, log);
            Thread.sleep(2);
        }
    }

    private static void giveUpAfterAMinute(Process process, long start, Path log) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the function exited; see " + log);
        }
        if (System.nanoTime() - start > Duration.ofSeconds(60).toNanos()) {
            process.destroyForcibly();
            throw new IllegalStateException("the function did not answer within 60 s; see " + log);
        }
    }

    /** Quarkus's own "started in" (from its main to listening), read from the log; -1 while it is not there. */
    long quarkusStartedMillis() throws IOException {
        java.util.regex.Matcher started = java.util.regex.Pattern.compile("started in ([0-9]+)\\.([0-9]{3})s")
                .matcher(Files.readString(log));
        return started.find() ? Long.parseLong(started.group(1)) * 1000 + Long.parseLong(started.group(2)) : -1;
    }

    /** An answer of the function. */
    record Answer(int statusCode, String body) {
    }

    /**
     * Calls a function as a caller would. Through {@link java.net.HttpURLConnection} (kept alive between calls):
     * on loopback it takes about 0.1 ms per exchange where the JDK's {@link HttpClient} takes 0.4-0.6 ms, which the
     * function's own time would otherwise carry.
     */
    Answer post(String function, String json) throws IOException {
        var connection = (java.net.HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/" + function).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setReadTimeout(120_000);
        connection.setRequestProperty("Content-Type", "application/json");
        try (var out = connection.getOutputStream()) {
            out.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        try (var in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return new Answer(status, in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Resident memory now and at its peak, in MiB, from /proc. */
    long[] residentMiB() throws IOException {
        long rss = 0;
        long peak = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line) / 1024;
            } else if (line.startsWith("VmHWM:")) {
                peak = kib(line) / 1024;
            }
        }
        return new long[] {rss, peak};
    }

    /** CPU time the process has used so far (user and system, all threads), in ms, from /proc (10 ms ticks). */
    long cpuMillis() throws IOException {
        return cpuMillisOf(Files.readString(Path.of("/proc/" + process.pid() + "/stat")));
    }

    /** utime + stime (fields 14 and 15, after the name in brackets) of a {@code /proc} stat line, in ms (10 ms ticks). */
    private static long cpuMillisOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /**
     * The process's CPU time so far (user and system, ms) by kind of thread: {@code event loop}, {@code worker},
     * {@code JIT}, {@code GC}, {@code other}, and {@code total} (the process's, which keeps the time of threads that
     * ended: the JVM's compiler threads come and go).
     */
    Map<String, Long> cpuMillisByThread() throws IOException {
        Map<String, Long> byKind = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) { // the thread ended meanwhile
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String kind = name.startsWith("vert.x-eventlo") ? "event loop"
                        : name.startsWith("executor-thread") ? "worker"
                        : name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "JIT"
                        : name.startsWith("GC ") || name.startsWith("G1 ") ? "GC" : "other";
                byKind.merge(kind, cpuMillisOf(stat), Long::sum);
            }
        }
        byKind.put("total", cpuMillis());
        return byKind;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
