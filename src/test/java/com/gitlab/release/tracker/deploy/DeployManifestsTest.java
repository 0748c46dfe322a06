package com.gitlab.release.tracker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The files under deploy/ parse as YAML and carry what running the function needs. */
class DeployManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode read(String path) throws IOException {
        return YAML.readTree(Files.readString(Path.of(path)));
    }

    private static JsonNode container(JsonNode service) {
        assertThat(service.path("apiVersion").asText()).isEqualTo("serving.knative.dev/v1");
        assertThat(service.path("kind").asText()).isEqualTo("Service");
        JsonNode containers = service.at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    private static List<String> secretEnv(JsonNode container) {
        List<String> names = new ArrayList<>();
        container.path("env").forEach(e -> {
            if (!e.at("/valueFrom/secretKeyRef/name").isMissingNode()) {
                names.add(e.path("name").asText());
            }
        });
        return names;
    }

    @Test
    void knativeServiceHasSecretsProbesScaleBoundsAndResources() throws IOException {
        JsonNode service = read("deploy/knative/service.yaml");
        JsonNode c = container(service);

        assertThat(secretEnv(c)).containsExactlyInAnyOrder("TRACKER_GITLAB_TOKEN", "TRACKER_AUTH_TOKEN",
                "TRACKER_SLACK_SIGNING_SECRET", "TRACKER_SLACK_WEBHOOK_URL");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(c.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(c.at("/resources/requests/cpu").asText()).isNotEmpty();
        assertThat(service.at("/spec/template/spec/containerConcurrency").asInt()).isPositive();
        JsonNode annotations = service.at("/spec/template/metadata/annotations");
        assertThat(annotations.path("autoscaling.knative.dev/min-scale").asText()).isEqualTo("0");
        assertThat(annotations.path("autoscaling.knative.dev/max-scale").asInt()).isPositive();
        // Work a webhook accepted with 202 goes on after the answer: the pod outlives it by more than the deadline.
        assertThat(seconds(annotations.path("autoscaling.knative.dev/scale-down-delay").asText())).isGreaterThan(50);
    }

    private static int seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Integer.parseInt(duration.substring(0, duration.length() - 1));
    }

    @Test
    void knativeCronJobBackfillsTheRecentPastOfEveryEnvironment() throws IOException {
        JsonNode job = read("deploy/knative/backfill-cronjob.yaml");
        assertThat(job.path("kind").asText()).isEqualTo("CronJob");
        assertThat(job.at("/spec/schedule").asText()).isNotBlank();
        assertThat(job.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
        JsonNode c = job.at("/spec/jobTemplate/spec/template/spec/containers/0");
        String script = c.at("/args/0").asText();

        assertThat(secretEnv(c)).containsExactly("TRACKER_AUTH_TOKEN");
        assertThat(script).contains("/backfill", "--fail-with-body", "gstg-cny db/gstg db/gprd", "$TRACKER_BACKFILL_SINCE");
        assertThat(script).as("follows next until complete").contains("\"complete\":true", "\"next\"");
        assertThat(c.path("env").findValuesAsText("value")).contains("PT6H");
    }

    @Test
    void cloudRunJobBackfillsTheRecentPastOfEveryEnvironment() throws IOException {
        JsonNode job = read("deploy/cloud-run/backfill-job.yaml");
        assertThat(job.path("apiVersion").asText()).isEqualTo("run.googleapis.com/v1");
        assertThat(job.path("kind").asText()).isEqualTo("Job");
        JsonNode task = job.at("/spec/template/spec/template/spec");
        assertThat(task.path("timeoutSeconds").asInt()).isPositive();
        JsonNode containers = task.path("containers");
        assertThat(containers.size()).isEqualTo(1);
        JsonNode c = containers.get(0);
        String script = c.at("/args/0").asText();

        assertThat(secretEnv(c)).containsExactly("TRACKER_AUTH_TOKEN");
        assertThat(script).contains("/backfill", "--fail-with-body", "gstg-cny db/gstg db/gprd", "$TRACKER_BACKFILL_SINCE");
        assertThat(script).as("follows next until complete").contains("\"complete\":true", "\"next\"");
        assertThat(c.path("env").findValuesAsText("value")).contains("PT6H");
        // The same loop as the Knative CronJob, so a fix to one is made to both.
        String cronJobScript = read("deploy/knative/backfill-cronjob.yaml")
                .at("/spec/jobTemplate/spec/template/spec/containers/0/args/0").asText();
        assertThat(script).isEqualTo(cronJobScript);
    }

    @Test
    void cloudSchedulerStartsTheBackfillJobWithAnOAuthTokenAndNoSecret() throws IOException {
        String jobName = read("deploy/cloud-run/backfill-job.yaml").at("/metadata/name").asText();
        JsonNode jobs = read("deploy/cloud-run/backfill-scheduler.yaml").path("jobs");

        assertThat(jobs.size()).isEqualTo(1);
        JsonNode job = jobs.get(0);
        assertThat(job.path("schedule").asText()).isNotBlank();
        assertThat(job.at("/httpTarget/httpMethod").asText()).isEqualTo("POST");
        assertThat(job.at("/httpTarget/uri").asText())
                .startsWith("https://run.googleapis.com/v2/projects/")
                .endsWith("/jobs/" + jobName + ":run");
        assertThat(job.at("/httpTarget/oauthToken/serviceAccountEmail").asText()).endsWith(".iam.gserviceaccount.com");
        assertThat(job.at("/httpTarget/headers").isMissingNode()).as("no headers: Cloud Scheduler stores them in the job")
                .isTrue();
    }

    @Test
    void cloudRunServiceHasSecretsProbesAndScaleBounds() throws IOException {
        JsonNode service = read("deploy/cloud-run/service.yaml");
        JsonNode c = container(service);

        assertThat(secretEnv(c)).containsExactlyInAnyOrder("TRACKER_GITLAB_TOKEN", "TRACKER_AUTH_TOKEN",
                "TRACKER_SLACK_SIGNING_SECRET");
        assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(c.at("/resources/limits/memory").asText()).isNotEmpty();
        assertThat(service.at("/spec/template/spec/containerConcurrency").asInt()).isPositive();
        assertThat(service.at("/spec/template/spec/timeoutSeconds").asInt()).isGreaterThan(50);
        assertThat(service.at("/spec/template/metadata/annotations").path("autoscaling.knative.dev/maxScale").asInt()).isPositive();
        // CPU always allocated, so work a webhook accepted with 202 goes on after the answer.
        assertThat(service.at("/spec/template/metadata/annotations").path("run.googleapis.com/cpu-throttling").asText())
                .isEqualTo("false");
    }

    @Test
    void ciTemplateCallsRecordPackageFailingOnErrorsAndRetrying() throws IOException {
        JsonNode job = read("deploy/gitlab-ci/record-package.gitlab-ci.yml").path(".record-post-migrations");
        assertThat(job.isObject()).isTrue();
        String script = String.join("\n", YAML.convertValue(job.path("script"), String[].class));

        assertThat(script).contains("/record-package", "--fail-with-body", "--retry 5", "$TRACKER_AUTH_TOKEN",
                "$PACKAGE_VERSION");
        assertThat(job.path("variables").has("PACKAGE_VERSION")).isTrue();
    }

    @Test
    void ciTemplateHasAScheduledBackfill() throws IOException {
        JsonNode job = read("deploy/gitlab-ci/record-package.gitlab-ci.yml").path(".tracker-backfill");
        String script = String.join("\n", YAML.convertValue(job.path("script"), String[].class));

        assertThat(job.at("/rules/0/if").asText()).contains("$CI_PIPELINE_SOURCE == \"schedule\"");
        assertThat(job.at("/variables/TRACKER_BACKFILL_SINCE").asText()).isEqualTo("PT6H");
        assertThat(job.at("/variables/TRACKER_BACKFILL_ENVIRONMENTS").asText()).isEqualTo("gstg-cny db/gstg db/gprd");
        assertThat(script).contains("/backfill", "--fail-with-body", "$TRACKER_AUTH_TOKEN", "\"complete\":true", "\"next\"");
    }

    @Test
    void theChatOpsJobSendsTheTextAsTyped() throws IOException {
        JsonNode job = read("deploy/gitlab-ci/chatops.gitlab-ci.yml").path(".post_migrations");
        String script = String.join("\n", YAML.convertValue(job.path("script"), String[].class));

        assertThat(script).contains("--data-raw \"$CHAT_INPUT\"").doesNotContain("--data-binary", "-d \"$CHAT_INPUT\"");
    }
}
