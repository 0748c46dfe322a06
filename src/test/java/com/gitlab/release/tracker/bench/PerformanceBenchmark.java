package com.gitlab.release.tracker.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.gitlab.release.tracker.demo.FakeGitLab;
import com.gitlab.release.tracker.demo.GitLabWorld;

/**
 * Performance figures of the packaged function against a GitLab stand-in with a fixed latency per request.
 * Run with {@code ./mvnw -Pbench package} (see README, "Performance"). Prints figures; asserts nothing.
 *
 * <p>System properties: {@code bench.latency} (ms, default 20), {@code bench.iterations} (default 20),
 * {@code bench.jdk25} (a JDK 25 home for the AOT cache figure; default the Temurin 25 path, skipped if absent),
 * {@code bench.only} (sections to run: {@code startup,event,compare,backfill,chat}), {@code bench.chatLatency}
 * (GitLab latency of the chat-time section, default 100 ms), {@code bench.costCalls}, {@code bench.warmCall} (section
 * 2z's first call follows one unmeasured call of the same kind), {@code bench.jvm} (more JVM options, e.g. a flight
 * recording), {@code bench.app} (another build's {@code quarkus-app} folder).
 */
public final class PerformanceBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "gitlab-org/security/gitlab";
    private static final String RELEASES = "gitlab-org/release/tasks";
    private static final String BASE = "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    private static final long ISSUE = 1;
    private static final Path OUT = Path.of("target/bench").toAbsolutePath();
    /** The JDK the benchmark runs on (JDK 17 in CI), as {@code java -jar} starts the function. */
    private static final String THIS_JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final FakeGitLab gitlab = new FakeGitLab();
    private final int latency = Integer.getInteger("bench.latency", 20);
    private final int iterations = Integer.getInteger("bench.iterations", 20);
    private final int warmup = Integer.getInteger("bench.warmup", 300);
    private final List<String> report = new ArrayList<>();
    /** Each target of issue 26 beside the figure this run measured for it, printed at the end. */
    private final Map<String, String> targets = new java.util.LinkedHashMap<>();
    private String gitlabUrl;
    private int currentLatency;
    private final java.util.Set<Path> trained = new java.util.HashSet<>();
    private WireMockServer server;

    public static void main(String[] args) throws Exception {
        // Before any JDK HTTP server starts (CannedGitLab's, AotTraining's stand-in): read once, when the first starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        new PerformanceBenchmark().run();
    }

    private void run() throws Exception {
        server = new WireMockServer(options().dynamicPort().containerThreads(60).extensions(gitlab));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        gitlabUrl = server.baseUrl();
        Files.createDirectories(OUT);
        try {
            line("post-migration-tracker benchmark: %d cores, %s, GitLab latency %d ms per request",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                            + System.getProperty("java.version"), latency);
            String only = System.getProperty("bench.only", "startup,event,cost,compare,backfill,chat,first");
            if (only.contains("startup")) {
                startup();
            }
            if (only.contains("event")) {
                perEvent();
            }
            if (only.contains("cost")) {
                cost();
            }
            if (only.contains("compare")) {
                largeCompare();
            }
            if (only.contains("backfill")) {
                backfill();
            }
            if (only.contains("chat")) {
                chatTime();
            }
            if (only.contains("first")) {
                firstCalls();
            }
            if (only.contains("owners")) {
                owners();
            }
            // Six minutes of GitLab.com's note limit: on request only (-Dbench.only=month).
            if (only.contains("month")) {
                monthBackfill();
            }
            printTargets();
        } finally {
            server.stop();
        }
        Files.write(OUT.resolve("figures.txt"), report);
        System.out.println();
        report.forEach(System.out::println);
    }

    // ---- 1. start-up ----------------------------------------------------------------------------------------

    private void startup() throws Exception {
        world(0);
        String version = "JDK " + System.getProperty("java.specification.version");
        measureStartup(version + " plain", THIS_JAVA, List.of());
        Path cds = trainedCache(THIS_JAVA, "app-cds.jsa");
        measureStartup(version + " AppCDS", THIS_JAVA, List.of("-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + cds));

        Path jdk25 = jdk25();
        if (Files.isExecutable(jdk25)) {
            measureStartup("JDK 25 plain", jdk25.toString(), List.of());
            measureStartup("JDK 25 plain, SerialGC", jdk25.toString(), List.of("-XX:+UseSerialGC"));
            measureStartup("JDK 25 AOT cache", jdk25.toString(), warmJvm(trainedCache(jdk25.toString(), "app.aot")));
        } else {
            line("  JDK 25 not found at %s: AOT cache figure skipped", jdk25);
        }
    }

    private static Path jdk25() {
        return Path.of(System.getProperty("bench.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
    }

    /** The options the JVM image runs with ({@link #imageJvm}); AOTMode=on, so that a cache the JVM cannot use fails the run. */
    private static List<String> warmJvm(Path aotCache) throws java.io.IOException {
        List<String> options = new ArrayList<>(imageJvm(aotCache));
        options.add("-XX:AOTMode=on");
        return options;
    }

    /**
     * The start-up cache the README's command and the JVM image make ({@link AotTraining}, against its own GitLab
     * stand-in, with its training options), made once per benchmark run.
     */
    private Path trainedCache(String java, String name) throws Exception {
        Path cache = FunctionProcess.APP.resolve(name);
        if (!trained.contains(cache)) {
            new AotTraining().train(java, cache, FunctionProcess.APP, AotTraining.TRAINING_JVM);
            trained.add(cache);
        }
        return cache;
    }

    private void measureStartup(String name, String java, List<String> args) throws Exception {
        long[] answers = new long[5];
        long[] started = new long[answers.length];
        long rss = 0;
        for (int i = 0; i < answers.length; i++) {
            // The dry run is sent from process start on, as by a caller whose request woke the instance.
            FunctionProcess.Woken woken = FunctionProcess.start(java, args, gitlabUrl, OUT.resolve("startup.log"), "record-package",
                    "{\"package\":\"" + pkg(0) + "\",\"dryRun\":true}");
            try (FunctionProcess f = woken.process()) {
                check(woken.answer(), name);
                answers[i] = woken.firstAnswerMillis();
                started[i] = quarkusStarted(f);
                rss = f.residentMiB()[0];
            }
        }
        Arrays.sort(answers);
        Arrays.sort(started);
        long answer = answers[answers.length / 2];
        long quarkus = started[started.length / 2];
        line("1. start-up %-24s Quarkus \"started in\" median %4d ms; process start -> the answer to a dry run sent from then on"
                + " (3 GitLab requests): median %4d ms (min %d, max %d over %d); RSS after it: %d MiB",
                name, quarkus, answer, answers[0], answers[answers.length - 1], answers.length, rss);
        if (name.endsWith("plain") && java.equals(THIS_JAVA)) {
            target("Quarkus \"started in\", java -jar, " + name, quarkus, 1000, "ms");
            target("first answer (a dry run), java -jar, " + name, answer, 1500, "ms");
        } else if (name.contains("AOT cache")) {
            target("first answer (a dry run), " + name + " (the JVM image's start-up cache)", answer, 600, "ms");
        }
    }

    /** Quarkus's "started in" from the function's log (written by its main thread, perhaps just after the first answer). */
    private static long quarkusStarted(FunctionProcess f) throws Exception {
        for (int i = 0; i < 200; i++) {
            long started = f.quarkusStartedMillis();
            if (started >= 0) {
                return started;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no \"started in\" in " + f.log);
    }

    /** A target beside this run's figure ({@code figure} at most {@code limit}). */
    private void target(String what, double figure, double limit, String unit) {
        String in = unit.isEmpty() ? "" : " " + unit;
        targets.put(what, String.format(Locale.ROOT, "at most %s%s, measured %s%s: %s", trim(limit), in, trim(figure), in,
                figure <= limit ? "met" : "NOT MET"));
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private void printTargets() {
        line("");
        line("targets (issue 26) beside this run's figures (%d cores; sections not run are not listed):",
                Runtime.getRuntime().availableProcessors());
        targets.forEach((what, figure) -> line("  %-92s %s", what, figure));
    }

    // ---- 2. per event ---------------------------------------------------------------------------------------

    private void perEvent() throws Exception {
        world(iterations * 2 + 2);
        setLatency(latency);
        try (FunctionProcess f = start(List.of(), "per-event.log")) {
            f.post("record-package", body(pkg(0), false)); // the note for (a)
            int priorNotes = gitlab.project(RELEASES).issue(ISSUE).notes().size();
            // Warm-up, then measure.
            for (int i = 0; i < warmup; i++) {
                f.post("record-package", body(pkg(0), false));
                f.post("record-package", body(pkg(1), true));
            }
            measureEvent("(a) already noted", () -> body(pkg(0), false), f, () -> { });
            int[] next = {2};
            measureEvent("(b) new package, 150 prior notes", () -> body(pkg(next[0]++), false), f,
                    () -> gitlab.project(RELEASES).issue(ISSUE).keepFirstNotes(priorNotes));
            measureEvent("(c) dryRun", () -> body(pkg(1), true), f, () -> { });
        } finally {
            setLatency(0);
        }
    }

    private void measureEvent(String name, Supplier<String> body, FunctionProcess f, Runnable between) throws Exception {
        double[] wall = new double[iterations];
        double[] own = new double[iterations];
        int requests = 0;
        List<String> made = List.of();
        List<Long> times = List.of();
        for (int i = 0; i < iterations; i++) {
            between.run();
            String json = body.get();
            int seen = gitlab.requests().size();
            int before = gitlab.requestCount();
            long start = System.nanoTime();
            var answer = f.post("record-package", json);
            wall[i] = (System.nanoTime() - start) / 1e6;
            requests = gitlab.requestCount() - before;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(name + ": " + answer.body());
            }
            own[i] = ownMillis(f.log, "record-package");
            made = gitlab.requests().subList(seen, gitlab.requests().size());
            times = gitlab.requestTimes().subList(seen, gitlab.requests().size());
        }
        Arrays.sort(wall);
        Arrays.sort(own);
        double median = wall[iterations / 2];
        List<List<String>> trips = roundTrips(made, times);
        double[] replays = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            replays[i] = replay(trips);
        }
        Arrays.sort(replays);
        line("2. per event %-34s wall median %6.1f ms, %d GitLab requests in %d round trips; a plain client making the same"
                + " requests, round trip by round trip, takes %5.1f ms (difference %4.1f ms); inside the function, outside"
                + " GitLab calls: %4.1f ms",
                name, median, requests, trips.size(), replays[iterations / 2], median - replays[iterations / 2], own[iterations / 2]);
    }

    /**
     * A call's GitLab requests as round trips. A round trip starts with the first request not yet placed; every
     * request that reached the stand-in before that one's answer could have come back (one latency later) cannot
     * depend on any answer of this round trip, so it belongs to it.
     */
    private List<List<String>> roundTrips(List<String> requests, List<Long> arrivedAtMillis) {
        List<List<String>> trips = new ArrayList<>();
        long tripStart = Long.MIN_VALUE;
        for (int i = 0; i < requests.size(); i++) {
            long at = arrivedAtMillis.get(i);
            if (trips.isEmpty() || at - tripStart >= Math.max(1, currentLatency)) {
                trips.add(new ArrayList<>());
                tripStart = at;
            }
            trips.get(trips.size() - 1).add(requests.get(i));
        }
        return trips;
    }

    private final java.net.http.HttpClient plainClient = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    private final java.util.concurrent.ExecutorService plainThreads = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "plain-client");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A plain HTTP client making the same requests to the same stand-in, round trip by round trip, each round trip's
     * requests at once (one on this thread, the others on threads of their own): what the call costs in GitLab time
     * alone. Blocking {@link java.net.HttpURLConnection}s, kept alive: the lightest client the JDK has. A write is
     * replayed as a read of the release issue, which takes the same latency and changes nothing.
     */
    private double replay(List<List<String>> trips) throws Exception {
        return replay(gitlabUrl, trips);
    }

    private double replay(String baseUrl, List<List<String>> trips) throws Exception {
        long start = System.nanoTime();
        for (List<String> trip : trips) {
            List<java.util.concurrent.Future<?>> others = new ArrayList<>();
            for (String request : trip.subList(1, trip.size())) {
                others.add(plainThreads.submit(() -> fetch(baseUrl, request)));
            }
            fetch(baseUrl, trip.get(0));
            for (java.util.concurrent.Future<?> other : others) {
                other.get();
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static int fetch(String baseUrl, String request) throws java.io.IOException {
        String path = request.startsWith("GET ") ? request.substring(4)
                : "/api/v4/projects/" + RELEASES.replace("/", "%2F") + "/issues/" + ISSUE;
        var connection = (java.net.HttpURLConnection) java.net.URI.create(baseUrl + path).toURL().openConnection();
        int status = connection.getResponseCode();
        try (var in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return in == null ? 0 : in.readAllBytes().length;
        }
    }

    /** From the function's latest invocation log line of a function: the time it had GitLab requests in flight. */
    private static double gitlabMillis(Path log, String function) throws Exception {
        return invocationTimes(log, function)[0];
    }

    /** From the function's latest invocation log line of a function: its duration less its GitLab time. */
    private static double ownMillis(Path log, String function) throws Exception {
        double[] times = invocationTimes(log, function);
        return times[1] - times[0];
    }

    /** {@code gitlabMs} and {@code durationMs} of the function's latest invocation log line of a function. */
    private static double[] invocationTimes(Path log, String function) throws Exception {
        Pattern times = Pattern.compile("gitlabMs=([0-9.]+) durationMs=([0-9.]+)");
        List<String> lines = tail(log);
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = times.matcher(lines.get(i));
            if (lines.get(i).contains(function + " ok") && m.find()) {
                return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
            }
        }
        throw new IllegalStateException("no invocation line in " + log);
    }

    /** The last lines of a log (its last 16 KiB): the latest invocation's line is among them. */
    private static List<String> tail(Path log) throws java.io.IOException {
        try (var file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - 16_384);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            return List.of(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n"));
        }
    }

    // ---- 2z. the function's own cost per event, at zero latency ---------------------------------------------

    /**
     * What a call costs the function itself: a dry run of a package with two post-migrations and a given baseline,
     * and a note-writing event of a package already noted, each against {@link CannedGitLab} (the fake's answers,
     * served from memory), each call beside a plain client fetching the same answers round trip by round trip. The
     * round trips are learnt once through the fake at 50 ms per request. Per kind, a fresh process of
     * {@code bench.costCalls} calls (1,000): its first call, calls 25-199, 200-300 and after, the HTTP edge, its CPU per
     * call and resident memory; on this JDK as {@code java -jar}, on this JDK with the JVM image's options (C1 only,
     * without the start-up cache), then with the JVM image's JVM and options.
     */
    private void cost() throws Exception {
        world(0);
        String version = ownedPackage(2, 6000, 71000, "cost");
        String dry = "{\"package\":\"" + version + "\",\"previous\":\"" + BASE + "\",\"dryRun\":true}";
        String noted = "{\"package\":\"" + version + "\",\"previous\":\"" + BASE + "\"}";

        // Learn each call's requests and round trips through the fake (a fresh process's first call, then a later
        // one: the first searches the release issue, later ones remember it), then can their answers.
        Map<String, List<List<String>>> first = new java.util.HashMap<>();
        Map<String, List<List<String>>> later = new java.util.HashMap<>();
        setLatency(50);
        try {
            for (String body : List.of(dry, noted)) {
                int before = gitlab.requests().size();
                try (FunctionProcess f = start(List.of(), "cost-learn.log")) {
                    awaitWarmUpReads(before);
                    first.put(body, learn(f, body));
                    later.put(body, learn(f, body));
                    if (body.equals(dry)) {
                        check(f.post("record-package", noted), "the note"); // noted from now on
                    }
                }
            }
        } finally {
            setLatency(0);
        }
        try (CannedGitLab canned = new CannedGitLab()) {
            canned.copy(gitlabUrl, WARM_UP_READS, plainClient);
            for (Map<String, List<List<String>>> calls : List.of(first, later)) {
                for (List<List<String>> call : calls.values()) {
                    canned.copy(gitlabUrl, call.stream().flatMap(List::stream).toList(), plainClient);
                }
            }
            for (int i = 0; i < 200; i++) { // the plain client warms up first (its JIT, its connections)
                replay(canned.url(), later.get(dry));
            }
                String jdk = "JDK " + System.getProperty("java.specification.version");
            costFigure(jdk, "dry run, baseline given", dry, first.get(dry), later.get(dry), canned, THIS_JAVA, List.of());
            costFigure(jdk, "already noted, note-writing event", noted, first.get(noted), later.get(noted), canned, THIS_JAVA, List.of());
            // The same JDK with the README's JDK_JAVA_OPTIONS (the image's compiler settings): what java -jar gets.
            List<String> readme = readmeOptions();
            costFigure(jdk + " C1", "dry run, baseline given", dry, first.get(dry), later.get(dry), canned, THIS_JAVA, readme);
            costFigure(jdk + " C1", "already noted, note-writing event", noted, first.get(noted), later.get(noted), canned, THIS_JAVA,
                    readme);
            Path jdk25 = jdk25();
            if (Files.isExecutable(jdk25)) {
                List<String> image = imageJvm(trainedCache(jdk25.toString(), "app.aot"));
                costFigure("JVM image", "dry run, baseline given", dry, first.get(dry), later.get(dry), canned, jdk25.toString(), image);
                costFigure("JVM image", "already noted, note-writing event", noted, first.get(noted), later.get(noted), canned,
                        jdk25.toString(), image);
            } else {
                line("2z. the JVM image's figures: JDK 25 not found at %s: skipped", jdk25);
            }
            canned.checkEveryRequestAnswered();
        }
    }

    /** The options the README gives {@code java -jar} through {@code JDK_JAVA_OPTIONS}, read from it. */
    private static List<String> readmeOptions() throws java.io.IOException {
        Matcher options = Pattern.compile("`JDK_JAVA_OPTIONS=\"([^\"]*)\"`").matcher(Files.readString(Path.of("README.md")));
        if (!options.find()) {
            throw new IllegalStateException("no JDK_JAVA_OPTIONS in README.md");
        }
        return List.of(options.group(1).trim().split("\\s+"));
    }

    /** The function's reads right after start (TRACKER_GITLAB_WARM_UP): its source project, the token's user. */
    private static final List<String> WARM_UP_READS = List.of("GET /api/v4/projects/" + SOURCE.replace("/", "%2F"), "GET /api/v4/user");

    /**
     * Waits (at most 5 s) for the warm-up reads of a function just started (the fake's requests from {@code from} on),
     * so that no call's requests include them.
     */
    private void awaitWarmUpReads(int from) throws InterruptedException {
        for (int i = 0; i < 500 && !gitlab.requests().subList(from, gitlab.requests().size()).containsAll(WARM_UP_READS); i++) {
            Thread.sleep(10);
        }
    }

    /** One call's requests, by round trip. */
    private List<List<String>> learn(FunctionProcess f, String body) throws Exception {
        int seen = gitlab.requests().size();
        check(f.post("record-package", body), "learning");
        return roundTrips(gitlab.requests().subList(seen, gitlab.requests().size()),
                gitlab.requestTimes().subList(seen, gitlab.requests().size()));
    }

    /**
     * The JVM image's options, read from src/main/docker/Dockerfile.jvm's {@code JAVA_OPTS} (its start-up cache
     * replaced by the one trained here, or left out when {@code aotCache} is null), in a container of 256 MiB, the
     * memory limit in deploy/: {@code -XX:MaxRAM} stands for the container's limit, which {@code MaxRAMPercentage} is
     * a share of.
     */
    private static List<String> imageJvm(Path aotCache) throws java.io.IOException {
        Matcher options = Pattern.compile("ENV JAVA_OPTS=\"([^\"]*)\"").matcher(Files.readString(Path.of("src/main/docker/Dockerfile.jvm")));
        if (!options.find()) {
            throw new IllegalStateException("no JAVA_OPTS in src/main/docker/Dockerfile.jvm");
        }
        List<String> jvm = new ArrayList<>();
        for (String option : options.group(1).trim().split("\\s+")) {
            if (!option.startsWith("-XX:AOTCache=")) {
                jvm.add(option);
            } else if (aotCache != null) {
                jvm.add("-XX:AOTCache=" + aotCache);
            }
        }
        jvm.add("-XX:MaxRAM=256m");
        return jvm;
    }

    private void costFigure(String jvm, String name, String body, List<List<String>> firstTrips, List<List<String>> trips,
            CannedGitLab canned, String java, List<String> jvmArgs) throws Exception {
        int calls = Math.max(1000, Integer.getInteger("bench.costCalls", 1000)); // more, to profile them
        double[] extra = new double[calls];
        double[] plain = new double[calls];
        double[] edge = new double[calls];
        long cpu;
        long cpuLast;
        String firstCpu = "";
        long[] rss;
        try (FunctionProcess f = FunctionProcess.start(java, withBenchJvm(jvmArgs), canned.url(), OUT.resolve("cost.log"))) {
            long cpuFrom = 0;
            long lastFrom = 0;
            if (Boolean.getBoolean("bench.warmCall")) {
                // One unmeasured call of the same kind first: the best a warm-up call at start could do.
                check(f.post("record-package", body), name);
            }
            Map<String, Long> beforeFirst = f.cpuMillisByThread();
            for (int i = 0; i < calls; i++) {
                if (i == 1) {
                    firstCpu = cpuSince(beforeFirst, f.cpuMillisByThread(), 1);
                }
                if (i == 200) {
                    cpuFrom = f.cpuMillis();
                }
                if (i == calls - 500) {
                    lastFrom = f.cpuMillis();
                }
                long start = System.nanoTime();
                var answer = f.post("record-package", body);
                double wall = (System.nanoTime() - start) / 1e6;
                check(answer, name);
                plain[i] = replay(canned.url(), i == 0 ? firstTrips : trips);
                extra[i] = wall - plain[i];
                edge[i] = wall - invocationTimes(f.log, "record-package")[1];
            }
            cpu = f.cpuMillis() - cpuFrom;
            cpuLast = f.cpuMillis() - lastFrom;
            rss = f.residentMiB();
        }
        int requests = trips.stream().mapToInt(List::size).sum();
        if (jvm.endsWith(" C1")) {
            target("own time per call from call 25 (median of 25-199), README's options, " + name, median(extra, 24, 199), 5, "ms");
            target("own time per call from call 200 (median of 200-300), README's options, " + name, median(extra, 199, 300), 3, "ms");
        }
        line("2z. own time at 0 ms, %-9s %-34s (%d GitLab requests in %d round trips; a plain client takes %.2f ms warm):"
                + " wall minus the plain client's time: first call %.1f ms (CPU %s); calls 25-199 median %.1f, 90th percentile %.1f;"
                + " calls 200-300 median %.1f, 90th percentile %.1f; calls 300-%d median %.1f; of which outside the invocation"
                + " (the HTTP edge) %.1f; CPU per call (calls 200-%d) %.2f ms, the last 500 calls %.2f ms; resident memory"
                + " after %d calls %d MiB (peak %d)",
                jvm, name, requests, trips.size(), median(plain, 200, calls), extra[0], firstCpu, median(extra, 24, 199),
                percentile(extra, 24, 199, 0.9), median(extra, 199, 300), percentile(extra, 199, 300, 0.9), calls,
                median(extra, 300, calls), median(edge, 199, calls), calls, (double) cpu / (calls - 200), cpuLast / 500.0, calls, rss[0], rss[1]);
    }

    /** {@code -Dbench.jvm="-XX:StartFlightRecording=..."} profiles the function under the benchmark's calls. */
    private static List<String> withBenchJvm(List<String> jvmArgs) {
        List<String> args = new ArrayList<>(jvmArgs);
        String extra = System.getProperty("bench.jvm", "");
        if (!extra.isBlank()) {
            args.addAll(List.of(extra.trim().split("\\s+")));
        }
        return args;
    }

    private static void check(FunctionProcess.Answer answer, String what) {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(what + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    private static double median(double[] values, int from, int to) {
        return percentile(values, from, to, 0.5);
    }

    private static double percentile(double[] values, int from, int to, double share) {
        double[] part = Arrays.copyOfRange(values, from, to);
        Arrays.sort(part);
        return part[Math.min(part.length - 1, (int) (part.length * share))];
    }

    // ---- 3. large compares ----------------------------------------------------------------------------------

    private void largeCompare() throws Exception {
        world(0);
        String bigBase = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
        String bigNew = "b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1";
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 4998; i++) {
            files.add(String.format("app/models/generated/model_%05d.rb", i));
        }
        files.add("db/post_migrate/20220301000000_a.rb");
        files.add("db/post_migrate/20220301000001_b.rb");
        gitlab.project(SOURCE).commit(bigBase, List.of("README.md"));
        gitlab.project(SOURCE).commit(bigNew, bigBase, files.toArray(String[]::new));
        gitlab.diffTextBytes(4000);

        String treeBase = "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0";
        String treeNew = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
        List<String> migrations = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            migrations.add(String.format("db/post_migrate/2021%010d_old_%d.rb", i, i));
        }
        gitlab.project(SOURCE).commit(treeBase, migrations);
        gitlab.project(SOURCE).commit(treeNew, treeBase, "db/post_migrate/20220302000000_new.rb");
        gitlab.project(SOURCE).compareTimesOut(treeBase, treeNew);

        Path gcLog = OUT.resolve("gc-128m.log");
        Files.deleteIfExists(gcLog);
        setLatency(latency);
        try (FunctionProcess f = start(List.of("-Xmx128m", "-Xlog:gc:file=" + gcLog), "large-compare.log")) {
            int size = 0;
            long[] drain = new long[5];
            for (int i = 0; i < drain.length; i++) {
                long served = System.nanoTime();
                size = compareAnswerBytes(bigBase, bigNew);
                drain[i] = (System.nanoTime() - served) / 1_000_000;
            }
            Arrays.sort(drain);
            long[] wall = new long[5];
            int requests = 0;
            JsonNode answer = null;
            List<List<String>> bigTrips = List.of();
            for (int i = 0; i < wall.length; i++) {
                int before = gitlab.requestCount();
                int seenBig = gitlab.requests().size();
                long start = System.nanoTime();
                var response = f.post("record-package", "{\"sha\":\"" + bigNew + "\",\"previous\":\"" + bigBase
                        + "\",\"release\":\"14.8\",\"dryRun\":true}");
                wall[i] = (System.nanoTime() - start) / 1_000_000;
                requests = gitlab.requestCount() - before;
                bigTrips = roundTrips(gitlab.requests().subList(seenBig, gitlab.requests().size()),
                        gitlab.requestTimes().subList(seenBig, gitlab.requests().size()));
                answer = JSON.readTree(response.body());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("large compare: " + response.body());
                }
            }
            Arrays.sort(wall);
            line("3. large compare: %d diffs, %.1f MB answer, -Xmx128m: median %d ms wall (%d request(s); a plain client only"
                    + " downloading the same answer takes %d ms), found %s; peak heap %s; peak RSS %d MiB",
                    5000, size / 1e6, wall[wall.length / 2], requests, drain[drain.length / 2], answer.get("postMigrations"),
                    peakHeap(gcLog), f.residentMiB()[1]);
            largeCompareAtZero(bigTrips, "{\"sha\":\"" + bigNew + "\",\"previous\":\"" + bigBase + "\",\"release\":\"14.8\",\"dryRun\":true}");

            int before = gitlab.requestCount();
            int seen = gitlab.requests().size();
            long start = System.nanoTime();
            var response = f.post("record-package", "{\"sha\":\"" + treeNew + "\",\"previous\":\"" + treeBase
                    + "\",\"release\":\"14.8\",\"dryRun\":true}");
            long millis = (System.nanoTime() - start) / 1_000_000;
            int treeRequests = gitlab.requestCount() - before;
            int trips = roundTrips(gitlab.requests().subList(seen, gitlab.requests().size()),
                    gitlab.requestTimes().subList(seen, gitlab.requests().size())).size();
            line("3. tree fallback: 3000 files in db/post_migrate, compare_timeout: %d ms wall, %d requests in %d round trips"
                    + " (%d ms latency); found %s",
                    millis, treeRequests, trips, trips * latency, JSON.readTree(response.body()).get("postMigrations"));
        } finally {
            setLatency(0);
            gitlab.diffTextBytes(120);
        }
    }

    /**
     * The same large compare from {@link CannedGitLab} (its 22.6 MB answer served from memory) at zero latency, under
     * the same -Xmx128m: the call beside a plain client downloading the compare answer alone, and making all the
     * call's requests round trip by round trip.
     */
    private void largeCompareAtZero(List<List<String>> trips, String body) throws Exception {
        try (CannedGitLab canned = new CannedGitLab()) {
            canned.copy(gitlabUrl, WARM_UP_READS, plainClient);
            canned.copy(gitlabUrl, trips.stream().flatMap(List::stream).toList(), plainClient);
            String compare = trips.get(0).get(0);
            int runs = 40;
            double[] wall = new double[runs];
            double[] download = new double[runs];
            double[] replayed = new double[runs];
            String cpu;
            // The function asks the stand-in too: the fake's own making of 22.6 MB of JSON is what is left out.
            try (FunctionProcess f = start(List.of("-Xmx128m"), canned.url(), "large-compare-0ms.log")) {
                Map<String, Long> cpuFrom = Map.of();
                for (int i = 0; i < runs; i++) {
                    if (i == 10) {
                        cpuFrom = f.cpuMillisByThread();
                    }
                    long start = System.nanoTime();
                    check(f.post("record-package", body), "large compare at 0 ms");
                    wall[i] = (System.nanoTime() - start) / 1e6;
                    download[i] = replay(canned.url(), List.of(List.of(compare)));
                    replayed[i] = replay(canned.url(), trips);
                }
                cpu = cpuSince(cpuFrom, f.cpuMillisByThread(), runs - 10);
            }
            canned.checkEveryRequestAnswered();
            double w = median(wall, 10, runs);
            double d = median(download, 10, runs);
            double r = median(replayed, 10, runs);
            double w90 = percentile(wall, 10, runs, 0.9);
            line("3. large compare at 0 ms (canned answers), -Xmx128m: the 1st call %.0f ms wall, the 3rd %.0f ms, median of calls"
                    + " 11-%d %.0f ms (90th percentile %.0f); a plain client downloading the compare answer alone %.0f ms (%.2fx),"
                    + " making all %d requests round trip by round trip %.0f ms (%.2fx); the function's CPU per call %s",
                    wall[0], wall[2], runs, w, w90, d, w / d, trips.stream().mapToInt(List::size).sum(), r, w / r, cpu);
        }
    }

    /**
     * The function's CPU per call between two readings of {@link FunctionProcess#cpuMillisByThread}, and by kind of
     * thread, the largest first: {@code "340 ms: JIT 190, worker 90, event loop 60"} (a kind whose threads ended
     * meanwhile, such as compiler threads, may show less than it used).
     */
    private static String cpuSince(Map<String, Long> before, Map<String, Long> after, int calls) {
        Map<String, Long> used = new java.util.HashMap<>();
        after.forEach((kind, millis) -> used.put(kind, Math.round((millis - before.getOrDefault(kind, 0L)) / (double) calls)));
        StringBuilder kinds = new StringBuilder();
        used.entrySet().stream().filter(kind -> kind.getValue() > 0 && !kind.getKey().equals("total"))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(kind -> kinds.append(kinds.isEmpty() ? "" : ", ").append(kind.getKey()).append(' ').append(kind.getValue()));
        return used.get("total") + " ms: " + kinds;
    }

    private int compareAnswerBytes(String from, String to) throws Exception {
        return fetch(gitlabUrl, "GET /api/v4/projects/" + SOURCE.replace("/", "%2F") + "/repository/compare?from=" + from + "&to=" + to);
    }

    /** The highest heap occupancy before a collection, from the JVM's GC log. */
    private static String peakHeap(Path gcLog) throws Exception {
        Pattern pause = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
        long peak = 0;
        int collections = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = pause.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
                collections++;
            }
        }
        return collections == 0 ? "n/a (no collection)" : peak + " MiB (max before-GC occupancy, " + collections + " collections)";
    }

    // ---- 4. backfill ----------------------------------------------------------------------------------------

    private void backfill() throws Exception {
        world(0);
        Instant at = Instant.parse("2022-02-01T00:00:00Z");
        String parent = BASE;
        gitlab.project(SOURCE).deployAt("gstg-cny", BASE, "base", "success", at.minus(1, ChronoUnit.HOURS));
        for (int i = 0; i < 300; i++) {
            String sha = sha(i + 1000);
            if (i % 2 == 0) {
                gitlab.project(SOURCE).commit(sha, parent, String.format("db/post_migrate/2022%010d_b%d.rb", i, i));
            } else {
                gitlab.project(SOURCE).commit(sha, parent, "app/models/b" + i + ".rb");
            }
            gitlab.project(SOURCE).deployAt("gstg-cny", sha, pkgFor(sha, i), "success", at.plus(i, ChronoUnit.MINUTES));
            parent = sha;
        }
        setLatency(latency);
        try (FunctionProcess f = start(List.of(), "backfill.log")) {
            int before = gitlab.requestCount();
            long start = System.nanoTime();
            var response = f.post("backfill", "{\"environment\":\"gstg-cny\",\"since\":\"2022-02-01T00:00:00Z\"}");
            long millis = (System.nanoTime() - start) / 1_000_000;
            JsonNode answer = JSON.readTree(response.body());
            line("4. backfill of 300 deployments (concurrency 4): %.1f s wall, %d GitLab requests; created %s, none %s, failed %s",
                    millis / 1000.0, gitlab.requestCount() - before, answer.get("created"), answer.get("none"), answer.get("failed"));
        } finally {
            setLatency(0);
        }
    }

    // ---- 8. who brought each post-migration: a package with 5, at 100 ms -------------------------------------

    /**
     * A package adding 5 post-migrations, each by its own merge (whose message names its MR in the canonical project),
     * at 100 ms per GitLab request: a dry run with a given baseline, and a note-writing call for a new package
     * (its note removed between calls): wall time, requests and sequential round trips.
     */
    private void owners() throws Exception {
        world(0);
        String version = ownedPackage(5, 5000, 70000, "owned");
        int chatLatency = Integer.getInteger("bench.chatLatency", 100);
        setLatency(chatLatency);
        try (FunctionProcess f = start(List.of(), "owners.log")) {
            int priorNotes = gitlab.project(RELEASES).issue(ISSUE).notes().size();
            String dry = "{\"package\":\"" + version + "\",\"previous\":\"" + BASE + "\",\"dryRun\":true}";
            String write = "{\"package\":\"" + version + "\",\"previous\":\"" + BASE + "\"}";
            for (int i = 0; i < 5; i++) {
                f.post("record-package", dry);
                f.post("record-package", write);
                gitlab.project(RELEASES).issue(ISSUE).keepFirstNotes(priorNotes);
            }
            ownersFigure("dry run, baseline given", dry, f, () -> { });
            ownersFigure("new note", write, f, () -> gitlab.project(RELEASES).issue(ISSUE).keepFirstNotes(priorNotes));
        } finally {
            setLatency(0);
        }
    }

    private void ownersFigure(String name, String body, FunctionProcess f, Runnable after) throws Exception {
        int runs = 5;
        double[] wall = new double[runs];
        int requests = 0;
        int trips = 0;
        for (int i = 0; i < runs; i++) {
            int seen = gitlab.requests().size();
            long start = System.nanoTime();
            var answer = f.post("record-package", body);
            wall[i] = (System.nanoTime() - start) / 1e6;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(name + ": " + answer.body());
            }
            List<String> made = gitlab.requests().subList(seen, gitlab.requests().size());
            requests = made.size();
            trips = roundTrips(made, gitlab.requestTimes().subList(seen, gitlab.requests().size())).size();
            after.run();
        }
        Arrays.sort(wall);
        line("8. owners at %d ms, a package with 5 post-migrations, %-24s wall median %5.0f ms, %2d GitLab requests in %d round trips",
                currentLatency, name, wall[runs / 2], requests, trips);
    }

    // ---- 7. a month's backfill on GitLab.com: 300 notes at 60 a minute, following next ---------------------------

    /**
     * 300 packages, each with a post-migration, backfilled through calls that follow {@code next} until complete, with
     * 200 ms per GitLab request and GitLab.com's note limit (60 a minute: 429 with Retry-After and RateLimit-Reset),
     * the default deadline (50 s): the number of calls, the longest call, and the total time.
     */
    private void monthBackfill() throws Exception {
        world(0);
        Instant at = Instant.parse("2022-02-01T00:00:00Z");
        String parent = BASE;
        gitlab.project(SOURCE).deployAt("gstg-cny", BASE, "base", "success", at.minus(1, ChronoUnit.HOURS));
        for (int i = 0; i < 300; i++) {
            String sha = sha(i + 3000);
            gitlab.project(SOURCE).commit(sha, parent, String.format("db/post_migrate/2022%010d_m%d.rb", i, i));
            gitlab.project(SOURCE).deployAt("gstg-cny", sha, pkgFor(sha, i), "success", at.plus(2L * i, ChronoUnit.HOURS));
            parent = sha;
        }
        gitlab.limitNoteCreations(60, java.time.Duration.ofMinutes(1));
        setLatency(200);
        try (FunctionProcess f = start(List.of(), "month-backfill.log")) {
            String since = "2022-02-01T00:00:00Z";
            int calls = 0;
            int recorded = 0;
            int failed = 0;
            long longest = 0;
            long start = System.nanoTime();
            boolean complete = false;
            while (!complete && calls < 100) {
                long callStart = System.nanoTime();
                var response = f.post("backfill", "{\"environment\":\"gstg-cny\",\"since\":\"" + since + "\"}");
                longest = Math.max(longest, (System.nanoTime() - callStart) / 1_000_000);
                calls++;
                if (response.statusCode() != 200) {
                    line("7. month backfill: call %d answered %d: %s", calls, response.statusCode(), response.body());
                    return;
                }
                JsonNode answer = JSON.readTree(response.body());
                recorded += answer.get("created").asInt() + answer.get("exists").asInt();
                failed += answer.get("failed").asInt();
                complete = answer.get("complete").asBoolean();
                since = complete ? since : answer.get("next").asText();
            }
            long notes = gitlab.project(RELEASES).issue(ISSUE).notes().stream()
                    .filter(n -> n.body().contains("post-migration-tracker")).count();
            line("7. month backfill, 300 packages with post-migrations, 200 ms per request, 60 notes a minute, 50 s deadline: "
                    + "%d calls, %.1f min in all, longest call %.1f s; %s, %d recorded, %d failed, %d notes, %d note creations"
                    + " throttled", calls, (System.nanoTime() - start) / 60e9, longest / 1000.0,
                    complete ? "complete" : "NOT complete", recorded, failed, notes, gitlab.throttledNoteCreations());
        } finally {
            setLatency(0);
        }
    }

    // ---- 5. chat time: answers at GitLab.com-like latency over issues with 1,000 notes ---------------------------

    private void chatTime() throws Exception {
        int chatLatency = Integer.getInteger("bench.chatLatency", 100);
        GitLabWorld.Issue issue = chatWorld();
        try (FunctionProcess f = start(List.of(), "chat.log")) {
            f.post("record-package", body(pkg(0), false));
            int notes = issue.notes().size();
            for (int i = 0; i < 20; i++) { // warm up without latency
                f.post("record-package", body(pkg(0), false));
                f.post("which-package", "{\"migration\":\"db/post_migrate/2022020000000_p0.rb\"}");
            }
            setLatency(chatLatency);
            chatFigure("record-package, already noted, 1,000 notes", chatLatency, f, "record-package", () -> body(pkg(0), false), () -> { });
            int[] next = {1};
            chatFigure("record-package, new note, 1,000 notes", chatLatency, f, "record-package", () -> body(pkg(next[0]++), false),
                    () -> issue.keepFirstNotes(notes));
            chatFigure("which-package, 3 issues x 1,000 notes", chatLatency, f, "which-package",
                    () -> "{\"migration\":\"db/post_migrate/2022020000000_p0.rb\"}", () -> { });
            chatFigure("rollback-check gprd", chatLatency, f, "rollback-check",
                    () -> "{\"environment\":\"gprd\",\"target\":\"" + pkg(0) + "\"}", () -> { });
            chatFigure("pending-post-migrations gprd", chatLatency, f, "pending-post-migrations",
                    () -> "{\"environment\":\"gprd\"}", () -> { });
        } finally {
            setLatency(0);
        }
    }

    /**
     * Median wall time of three calls; the GitLab requests of one, and the round trips they made (requests that
     * reached GitLab together count once); and the wall time in round trips.
     */
    private void chatFigure(String name, int chatLatency, FunctionProcess f, String function, Supplier<String> body,
            Runnable between) throws Exception {
        long[] wall = new long[3];
        int requests = 0;
        int trips = 0;
        for (int i = 0; i < wall.length; i++) {
            between.run();
            int before = gitlab.requestCount();
            int seen = gitlab.requests().size();
            long start = System.nanoTime();
            var answer = f.post(function, body.get());
            wall[i] = (System.nanoTime() - start) / 1_000_000;
            requests = gitlab.requestCount() - before;
            List<List<String>> made = roundTrips(gitlab.requests().subList(seen, gitlab.requests().size()),
                    gitlab.requestTimes().subList(seen, gitlab.requests().size()));
            trips = made.size();
            StringBuilder listing = new StringBuilder(name).append('\n');
            for (int t = 0; t < made.size(); t++) {
                for (String request : made.get(t)) {
                    listing.append(t + 1).append(' ').append(request).append('\n');
                }
            }
            Files.writeString(OUT.resolve("round-trips-" + function + (name.contains("new note") ? "-new" : "") + ".txt"), listing);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(name + ": " + answer.body());
            }
        }
        Arrays.sort(wall);
        if (name.contains("new note")) {
            target("round trips for a new package's note at chat time (" + requests + " requests; 20 before)", trips, 6, "");
        }
        line("5. chat time at %d ms %-42s wall median %5d ms, %3d GitLab requests in %d round trips; wall = %4.1f x latency",
                chatLatency, name, wall[1], requests, trips, wall[1] / (double) chatLatency);
    }

    // ---- 6. the first calls after start, with the start-up cache ------------------------------------------------

    /**
     * The first 25 calls of a fresh process, each beside a plain client making the same GitLab requests round trip by
     * round trip: the difference is what the function costs beyond GitLab while its JVM is still cold. Once started
     * plainly (JDK 17), once with the start-up cache (JDK 25 AOT cache, as in the JVM image).
     */
    private void firstCalls() throws Exception {
        int firstLatency = Integer.getInteger("bench.chatLatency", 100);
        firstCalls("JDK " + System.getProperty("java.specification.version") + " plain", THIS_JAVA, List.of(), firstLatency);
        Path jdk25 = jdk25();
        if (Files.isExecutable(jdk25)) {
            firstCalls("JDK 25 AOT cache", jdk25.toString(), warmJvm(trainedCache(jdk25.toString(), "app.aot")), firstLatency);
        } else {
            line("6. first calls: JDK 25 not found at %s: the AOT cache figure is skipped", jdk25);
        }
    }

    private void firstCalls(String name, String java, List<String> jvmArgs, int firstLatency) throws Exception {
        chatWorld();
        String issuePath = "GET /api/v4/projects/" + RELEASES.replace("/", "%2F") + "/issues/" + ISSUE;
        for (int i = 0; i < 20; i++) { // the plain client warms up first (its JIT, its connections): it is not measured
            replay(List.of(Collections.nCopies(30, issuePath)));
        }
        List<String[]> calls = List.of(
                new String[] {"record-package", body(pkg(0), false)},
                new String[] {"which-package", "{\"migration\":\"db/post_migrate/2022020000000_p0.rb\"}"},
                new String[] {"rollback-check", "{\"environment\":\"gprd\",\"target\":\"" + pkg(0) + "\"}"},
                new String[] {"pending-post-migrations", "{\"environment\":\"gprd\"}"},
                new String[] {"record-package", body(pkg(1), true)});
        setLatency(firstLatency);
        try (FunctionProcess f = FunctionProcess.start(java, jvmArgs, gitlabUrl, OUT.resolve("first-calls.log"))) {
            double[] extra = new double[25];
            double[] own = new double[25];
            StringBuilder each = new StringBuilder();
            for (int i = 0; i < extra.length; i++) {
                String[] call = calls.get(i % calls.size());
                int seen = gitlab.requests().size();
                long start = System.nanoTime();
                var answer = f.post(call[0], call[1]);
                double wall = (System.nanoTime() - start) / 1e6;
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException(call[0] + ": " + answer.body());
                }
                List<List<String>> trips = roundTrips(gitlab.requests().subList(seen, gitlab.requests().size()),
                        gitlab.requestTimes().subList(seen, gitlab.requests().size()));
                extra[i] = wall - replay(trips);
                own[i] = wall - gitlabMillis(f.log, call[0]);
                each.append(String.format(Locale.ROOT, " %.0f/%.0f", extra[i], own[i]));
            }
            double[] sorted = extra.clone();
            Arrays.sort(sorted);
            double[] ownSorted = own.clone();
            Arrays.sort(ownSorted);
            if (name.contains("AOT cache")) {
                target("the first call's own time beyond GitLab's, " + name + " (the JVM image's options)", own[0], 100, "ms");
            }
            line("6. first 25 calls, %-17s (started in %d ms; %d ms GitLab latency; record-package, which-package, rollback-check,"
                    + " pending, dry run, in turn), per call in ms: wall minus a plain client's time for the same round trips /"
                    + " wall minus the function's own GitLab time:%s. First measure median %.1f, max %.1f; second median %.1f, max %.1f",
                    name, f.startupMillis, firstLatency, each, sorted[12], sorted[24], ownSorted[12], ownSorted[24]);
        } finally {
            setLatency(0);
        }
    }

    /** Eight packages, three monthly issues of 1,000 notes each, the first and the last package on gprd, the databases at the base. */
    private GitLabWorld.Issue chatWorld() {
        world(8);
        for (String release : List.of("14.7", "14.6")) {
            GitLabWorld.Issue older = gitlab.project(RELEASES).issue(ISSUE + (release.equals("14.7") ? 100 : 101), "Release " + release, "closed");
            for (int i = 0; i < 1000; i++) {
                older.note("Comment " + i + " on " + release);
            }
        }
        GitLabWorld.Issue issue = gitlab.project(RELEASES).issue(ISSUE);
        for (int i = 150; i < 1000; i++) {
            issue.note("Comment " + i + " from a release manager");
        }
        // gprd ran the first package before the last: a rollback's target must be a package the environment ran.
        gitlab.project(SOURCE).deploy("gprd", sha(0), pkg(0));
        gitlab.project(SOURCE).deploy("gprd", sha(7), pkg(7));
        gitlab.project(SOURCE).deploy("db/gprd", BASE, "base");
        gitlab.project(SOURCE).deploy("db/gstg", BASE, "base");
        return issue;
    }

    // ---- the world ------------------------------------------------------------------------------------------

    /** The base commit deployed on gstg-cny, {@code packages} package commits each adding a post-migration, and the release issue with 150 notes. */
    private void world(int packages) {
        gitlab.reset();
        gitlab.project(SOURCE).commit(BASE, List.of("README.md", "db/post_migrate/20170828170502_old.rb"));
        gitlab.project(SOURCE).deploy("gstg-cny", BASE, "14.8.202202071520-5a1b2c3d4e5.1111111aaaa");
        for (int i = 0; i < Math.max(packages, 2); i++) {
            gitlab.project(SOURCE).commit(sha(i), BASE, String.format("db/post_migrate/2022020%06d_p%d.rb", i, i));
        }
        GitLabWorld.Issue issue = gitlab.project(RELEASES).issue(ISSUE, "Release 14.8");
        for (int i = 0; i < 150; i++) {
            issue.note("Comment " + i + " from a release manager");
        }
    }

    /**
     * A package of {@code count} commits on the base, each a merge adding one post-migration and naming its MR (in the
     * canonical project, with its author and group): its version.
     */
    private String ownedPackage(int count, int firstSha, int firstMr, String name) {
        GitLabWorld.Project source = gitlab.project(SOURCE);
        GitLabWorld.Project canonical = gitlab.project("gitlab-org/gitlab");
        String parent = BASE;
        for (int i = 0; i < count; i++) {
            String sha = sha(firstSha + i);
            source.commit(sha, parent, String.format("db/post_migrate/2022020%d000000_%s_%d.rb", i + 1, name, i))
                    .message(sha, "Merge branch '" + name + "-" + i + "' into 'master'\n\nSee merge request gitlab-org/gitlab!" + (firstMr + i));
            canonical.mergeRequest(firstMr + i, name + " " + i, "author" + i, List.of("group::database"), "14.8");
            parent = sha;
        }
        return pkgFor(parent, count - 1);
    }

    private static String sha(int i) {
        return String.format("d%010d", i) + "e".repeat(29);
    }

    private static String pkg(int i) {
        return pkgFor(sha(i), i);
    }

    /** The version of the {@code i}-th package: built a minute after the one before, from 2022-02-08 00:00 UTC. */
    private static String pkgFor(String sha, int i) {
        return "14.8." + BUILT.format(java.time.Instant.parse("2022-02-08T00:00:00Z").plusSeconds(60L * i)) + "-"
                + sha.substring(0, 11) + ".4ce763dbce1";
    }

    private static final java.time.format.DateTimeFormatter BUILT = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmm")
            .withZone(java.time.ZoneOffset.UTC);

    private static String body(String packageVersion, boolean dryRun) {
        return "{\"package\":\"" + packageVersion + "\",\"dryRun\":" + dryRun + "}";
    }

    private FunctionProcess start(List<String> jvmArgs, String log) throws Exception {
        return start(jvmArgs, gitlabUrl, log);
    }

    private FunctionProcess start(List<String> jvmArgs, String gitlab, String log) throws Exception {
        return FunctionProcess.start(THIS_JAVA, withBenchJvm(jvmArgs), gitlab, OUT.resolve(log));
    }

    private void setLatency(int millis) {
        gitlab.latency(millis);
        currentLatency = millis;
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.add(text);
        System.out.println(text);
    }
}
