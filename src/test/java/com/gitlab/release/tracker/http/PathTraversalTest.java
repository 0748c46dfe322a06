package com.gitlab.release.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The function secret guards the route the router serves, whatever the raw path says: dot segments, {@code %2e},
 * {@code %2f} and double slashes towards every protected route come back 401 or 404, and GitLab is not asked.
 * Sent on a plain socket, byte for byte: an HTTP client would tidy the paths before sending them.
 */
@QuarkusTest
class PathTraversalTest extends FunctionTest {

    private static final List<String> PROTECTED = List.of("/record-package", "/which-package", "/rollback-check",
            "/pending-post-migrations", "/release-post-migrations", "/deployment-event", "/backfill", "/chatops", "/q/metrics");

    /** Ways to spell a protected route so that its raw path starts like an open one. */
    private static List<String> disguises(String route) {
        String tail = route.substring(1);
        return List.of(
                "/q/health/../.." + route,
                "/q/health/ready/../../.." + route,
                "/q/health/%2e%2e/%2e%2e" + route,
                "/q/health/%2E%2E/%2E%2E/" + tail,
                "/q/health/.%2e/.%2e" + route,
                "/q/health%2f..%2f..%2f" + tail,
                "/q/health/..%2f..%2f" + tail,
                "/q/health//../../.." + route,
                "//q/health/../.." + route,
                "/slack/.." + route,
                "/slack/%2e%2e" + route,
                "/" + route,
                "/./" + tail,
                route + "/.",
                route + "/");
    }

    @Test
    void noSpellingOfAProtectedRouteGetsPastTheSecret() throws IOException {
        List<String> answered = new ArrayList<>();
        for (String route : PROTECTED) {
            for (String path : disguises(route)) {
                int status = post(path, route.equals("/chatops") ? "pending gprd" : "{\"environment\": \"gprd\", \"migration\": \"20220201173212\"}");
                int get = route.equals("/q/metrics") ? get(path) : 401;
                if ((status != 401 && status != 404) || (get != 401 && get != 404)) {
                    answered.add(path + " -> " + status + "/" + get);
                }
            }
        }

        assertThat(answered).as("answered without the secret").isEmpty();
        assertThat(gitlab.requests()).as("GitLab asked").isEmpty();
    }

    @Test
    void theOpenRoutesStayOpenAndTheGuardedOnesAskForTheSecret() throws IOException {
        assertThat(get("/q/health/ready")).isEqualTo(200);
        assertThat(get("/q/health/live")).isEqualTo(200);
        assertThat(get("/q/health/../health/live")).isEqualTo(200);
        assertThat(post("/chatops", "help")).isEqualTo(401);
        assertThat(get("/q/metrics")).isEqualTo(401);
    }

    private static int post(String path, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + (body.startsWith("{") ? "application/json" : "text/plain") + "\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n", bytes);
    }

    private static int get(String path) throws IOException {
        return send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0]);
    }

    /** The status of the answer to a request written as is. */
    private static int send(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }
}
