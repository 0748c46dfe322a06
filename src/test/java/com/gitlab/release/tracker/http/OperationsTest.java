package com.gitlab.release.tracker.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.FunctionTest;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationsTest extends FunctionTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLoggerName() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void readinessSaysTheConfigurationIsCompleteWithoutCallingGitLab() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].name", equalTo("configuration"))
                .body("checks[0].data.gitlabToken", equalTo("set"))
                .body("checks[0].data.callers", equalTo("function secret required"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        assertThat(gitlab.requestCount()).isZero();
    }

    @Test
    void eachInvocationLogsOneLineWithPackageNoteStatusRequestsAndDuration() {
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);

        assertThat(lines).filteredOn(l -> l.startsWith("com.gitlab.release.tracker.invocation"))
                .singleElement().asString()
                .contains("record-package ok", "package=" + PACKAGE, "note=created", "postMigrations=2",
                        "gitlabRequests=" + gitlab.requestCount(), "durationMs=");
    }

    @Test
    void failedInvocationsAreLoggedWithTheirStatus() {
        call().body(Map.of("package", "nonsense")).post("/record-package").then().statusCode(400);

        assertThat(lines).anyMatch(l -> l.contains("record-package error 400") && l.contains("gitlabRequests=0"));
    }

    @Test
    void tokensNeverReachTheLog() {
        gitlab.failNext("GET", "/deployments", 1, com.gitlab.release.tracker.demo.FaultKind.UNAUTHORIZED);
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(502);
        given().header("Authorization", "Bearer wrong-" + SECRET).contentType("application/json")
                .body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(401);
        call().body(Map.of("package", PACKAGE)).post("/record-package").then().statusCode(200);

        assertThat(lines).isNotEmpty().noneMatch(l -> l.contains(SECRET) || l.contains("test-gitlab-token"));
    }

    @Test
    void aHugeValueComesBackShortInTheAnswerAndTheLog() {
        String huge = "x".repeat(500_000);

        String error = call().body(Map.of("package", huge)).post("/record-package").then().statusCode(400)
                .extract().path("error");
        call().body(Map.of("migration", huge)).post("/which-package").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("… (500000 characters)"));
        call().body(Map.of("dryRun", huge)).post("/record-package").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("x".repeat(101))));

        assertThat(error).contains("'" + "x".repeat(100) + "… (500000 characters)'").hasSizeLessThan(400);
        assertThat(lines).isNotEmpty().allMatch(l -> l.length() < 1_000, "no log line repeats the value");
    }
}
