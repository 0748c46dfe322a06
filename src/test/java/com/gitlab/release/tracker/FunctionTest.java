package com.gitlab.release.tracker;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;

import com.gitlab.release.tracker.demo.FakeGitLab;
import com.gitlab.release.tracker.demo.GitLabWorld;
import com.gitlab.release.tracker.fake.FakeGitLabResource;
import com.gitlab.release.tracker.fake.InjectFakeGitLab;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.Invocation;
import com.gitlab.release.tracker.notes.ReleaseIssues;
import com.gitlab.release.tracker.notes.Trust;

import io.quarkus.test.common.WithTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Shared set-up of the HTTP tests: one fake GitLab for all, reset before each test, and a standard world —
 * a source project with a baseline commit on gstg-cny and a package commit that adds two post-migrations, and a
 * release project with the issue {@code Release 14.8}.
 */
@WithTestResource(FakeGitLabResource.class)
public abstract class FunctionTest {

    protected static final String SECRET = "test-function-secret";
    protected static final String SOURCE = "gitlab-org/security/gitlab";
    protected static final String RELEASES = "gitlab-org/release/tasks";

    protected static final String BASE_SHA = "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    protected static final String BASE_PACKAGE = "14.8.202202071520-5a1b2c3d4e5.1111111aaaa";
    protected static final String PACKAGE_SHA = "97d6e07c2a1b2c3d4e5f60718293a4b5c6d7e8f9";
    protected static final String PACKAGE = "14.8.202202080920-97d6e07c2a1.4ce763dbce1";
    protected static final String PM_1 = "db/post_migrate/20220201141705_cleanup_background_migration_populate_test_reports_issue_id.rb";
    protected static final String PM_2 = "db/post_migrate/20220201173212_add_user_details_provisioning_index.rb";
    protected static final long RELEASE_IID = 2001;

    @InjectFakeGitLab
    protected FakeGitLab gitlab;

    @Inject
    protected ReleaseIssues releaseIssues;

    @Inject
    protected GitLab gitlabClient;

    @Inject
    protected Trust trust;

    @BeforeEach
    protected void standardWorld() {
        gitlab.reset();
        releaseIssues.forgetSearches().await().indefinitely();
        gitlabClient.forgetInstanceQuirks();
        // The token's user is read once per process: read it now, so that no test's request count depends on order.
        trust.authors(Invocation.start(Duration.ofSeconds(10))).await().indefinitely();
        gitlab.forgetRequests();
        gitlab.project(SOURCE)
                .commit(BASE_SHA, List.of("README.md", "db/migrate/20220101000000_create_things.rb",
                        "db/post_migrate/20170828170502_post_deploy_migrate_user_external_mail_data.rb",
                        "ee/db/geo/post_migrate/20210101000000_geo_cleanup.rb"))
                .commit(PACKAGE_SHA, BASE_SHA, PM_2, PM_1, "app/models/user.rb",
                        "db/schema_migrations/20220201173212", "db/schema_migrations/20220201141705");
        gitlab.project(SOURCE).deploy("gstg-cny", BASE_SHA, BASE_PACKAGE);
        gitlab.project(RELEASES).issue(RELEASE_IID, "Release 14.8");
    }

    /**
     * Makes {@code call} while the fake GitLab holds every request matching {@code method} and {@code path} in flight
     * (its retries too), and releases them once {@code meanwhile} holds, waited for at most 30 s: what the function
     * asked meanwhile did not wait for the held requests. Returns the call's answer.
     */
    protected <T> T heldUntil(String method, String path, Supplier<T> call, ThrowingRunnable meanwhile) {
        Runnable release = gitlab.hold(method, path);
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(call);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(meanwhile);
        } finally {
            release.run();
        }
        return answer.join();
    }

    /**
     * Makes {@code call} while the fake GitLab holds every request matching {@code method} and {@code path} in
     * flight, released once it answered: the answer cannot have waited for them.
     */
    protected <T> T whileHeld(String method, String path, Supplier<T> call) {
        Runnable release = gitlab.hold(method, path);
        try {
            return call.get();
        } finally {
            release.run();
        }
    }

    /** An auto-deploy version of a release, built at {@code timestamp} from {@code sha}. */
    protected static String pkg(String release, String timestamp, String sha) {
        return release + "." + timestamp + "-" + sha.substring(0, 11) + ".4ce763dbce1";
    }

    protected RequestSpecification call() {
        return given().header("Authorization", "Bearer " + SECRET).contentType(ContentType.JSON);
    }

    /** A delivery of GitLab's Deployment webhook, with the function secret as GitLab sends it. */
    protected RequestSpecification hook() {
        return given().header("X-Gitlab-Event", "Deployment Hook").header("X-Gitlab-Token", SECRET)
                .contentType(ContentType.JSON);
    }

    /** A Deployment webhook body for a deployment of the source project ({@code ref} may be null). */
    protected static Map<String, Object> deploymentEvent(String environment, String status, long deploymentId, String sha, String ref) {
        Map<String, Object> event = new java.util.HashMap<>(Map.of("object_kind", "deployment", "status", status,
                "deployment_id", deploymentId, "environment", environment,
                "project", Map.of("id", 1, "path_with_namespace", SOURCE), "short_sha", sha.substring(0, 8),
                "commit_url", "https://gitlab.example.com/" + SOURCE + "/-/commit/" + sha,
                "deployable_url", "https://gitlab.example.com/" + SOURCE + "/-/jobs/1"));
        if (ref != null) {
            event.put("ref", ref);
        }
        return event;
    }

    protected List<GitLabWorld.Note> releaseNotes() {
        return gitlab.project(RELEASES).issue(RELEASE_IID).notes();
    }

    /** Fills an issue with notes from people and other tools. */
    protected static void chatter(GitLabWorld.Issue issue, int count) {
        IntStream.range(0, count).forEach(i -> issue.note("Comment " + i + " from a release manager"));
    }
}
