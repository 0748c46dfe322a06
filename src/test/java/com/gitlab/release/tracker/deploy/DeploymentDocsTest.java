package com.gitlab.release.tracker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The deployment docs and the manifests in deploy/ agree: the secrets each service reads, the links between the
 * docs, the namespace of every kubectl command, the ten-minute paths' commands, the memory of the image each
 * manifest names, and no secret value written in a header. Plain files, no Quarkus.
 */
class DeploymentDocsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path KNATIVE = Path.of("deploy/knative/service.yaml");
    private static final Path CLOUD_RUN = Path.of("deploy/cloud-run/service.yaml");
    private static final Path DEPLOYMENT_MD = Path.of("docs/deployment.md");
    private static final Set<String> SECRET_SETTINGS = Set.of("TRACKER_GITLAB_TOKEN", "TRACKER_AUTH_TOKEN",
            "TRACKER_SLACK_SIGNING_SECRET");
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "x-gitlab-token", "private-token");

    // ---- the secrets each service reads

    @Test
    void bothServicesReadTheGitLabTokenTheFunctionSecretAndTheSlackSigningSecretFromSecrets() throws IOException {
        for (Path manifest : List.of(KNATIVE, CLOUD_RUN)) {
            Map<String, JsonNode> env = env(container(readYaml(manifest)));
            for (String setting : SECRET_SETTINGS) {
                assertThat(env).as("%s sets %s", manifest, setting).containsKey(setting);
                JsonNode ref = env.get(setting).at("/valueFrom/secretKeyRef");
                assertThat(ref.path("name").asText()).as("%s: %s from a secret", manifest, setting).isNotBlank();
                assertThat(ref.path("key").asText()).as("%s: %s from a secret's key", manifest, setting).isNotBlank();
                assertThat(env.get(setting).has("value")).as("%s: %s has no literal value", manifest, setting).isFalse();
            }
        }
        Map<String, JsonNode> knative = env(container(readYaml(KNATIVE)));
        assertThat(secretKeys(knative)).containsExactly(
                Map.entry("TRACKER_GITLAB_TOKEN", "post-migration-tracker/gitlab-token"),
                Map.entry("TRACKER_AUTH_TOKEN", "post-migration-tracker/auth-token"),
                Map.entry("TRACKER_SLACK_SIGNING_SECRET", "post-migration-tracker/slack-signing-secret"),
                Map.entry("TRACKER_SLACK_WEBHOOK_URL", "post-migration-tracker/slack-webhook-url"));
        // Slack is optional on Knative: without the keys the pod still starts, /slack answers 404, notices stay on GitLab.
        assertThat(knative.get("TRACKER_SLACK_SIGNING_SECRET").at("/valueFrom/secretKeyRef/optional").asBoolean()).isTrue();
        assertThat(knative.get("TRACKER_SLACK_WEBHOOK_URL").at("/valueFrom/secretKeyRef/optional").asBoolean()).isTrue();
        assertThat(knative.get("TRACKER_AUTH_TOKEN").at("/valueFrom/secretKeyRef/optional").asBoolean()).isFalse();

        Map<String, JsonNode> cloudRun = env(container(readYaml(CLOUD_RUN)));
        assertThat(secretKeys(cloudRun)).containsExactly(
                Map.entry("TRACKER_GITLAB_TOKEN", "post-migration-tracker-gitlab-token/latest"),
                Map.entry("TRACKER_AUTH_TOKEN", "post-migration-tracker-auth-token/latest"),
                Map.entry("TRACKER_SLACK_SIGNING_SECRET", "post-migration-tracker-slack-signing-secret/latest"));
    }

    @Test
    void theBackfillJobsReadTheServicesOwnFunctionSecret() throws IOException {
        String knativeAuth = secretKeys(env(container(readYaml(KNATIVE)))).get("TRACKER_AUTH_TOKEN");
        JsonNode cronJob = readYaml(Path.of("deploy/knative/backfill-cronjob.yaml"))
                .at("/spec/jobTemplate/spec/template/spec/containers/0");
        assertThat(secretKeys(env(cronJob))).containsExactly(Map.entry("TRACKER_AUTH_TOKEN", knativeAuth));

        String cloudRunAuth = secretKeys(env(container(readYaml(CLOUD_RUN)))).get("TRACKER_AUTH_TOKEN");
        JsonNode job = readYaml(Path.of("deploy/cloud-run/backfill-job.yaml")).at("/spec/template/spec/template/spec/containers/0");
        assertThat(secretKeys(env(job))).containsExactly(Map.entry("TRACKER_AUTH_TOKEN", cloudRunAuth));
    }

    // ---- links

    @Test
    void everyRelativeMarkdownLinkInTheReadmeAndTheDocsResolves() throws IOException {
        List<Path> docs = markdownDocs();
        assertThat(docs).contains(Path.of("README.md"), DEPLOYMENT_MD);
        List<String> broken = new ArrayList<>();
        int links = 0;
        Pattern link = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
        for (Path doc : docs) {
            Matcher m = link.matcher(withoutFencedCode(Files.readString(doc)));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto:
                }
                links++;
                String problem = problem(doc, target);
                if (problem != null) {
                    broken.add(doc + ": (" + target + ") " + problem);
                }
            }
        }
        assertThat(links).as("relative links found").isGreaterThan(20);
        assertThat(broken).isEmpty();
    }

    @Test
    void everyDocsOrReadmeReferenceInDeployResolves() throws IOException {
        // docs/x.md, docs/x.md#anchor, docs/x.md, "Heading", README, "Heading" (README alone: README.md).
        Pattern reference = Pattern.compile(
                "(?<![\\w/.-])(docs/[\\w.-]+\\.md|README(?:\\.md)?)\\b(?:#([\\w-]+)|,\\s*\"([^\"]+)\")?");
        List<String> broken = new ArrayList<>();
        int references = 0;
        for (Path file : deployFiles()) {
            Matcher m = reference.matcher(Files.readString(file));
            while (m.find()) {
                references++;
                String name = m.group(1).equals("README") ? "README.md" : m.group(1);
                Path target = Path.of(name);
                String where = file + ": " + m.group();
                if (!Files.isRegularFile(target)) {
                    broken.add(where + ": no such file");
                } else if (m.group(2) != null && !anchors(target).contains(m.group(2))) {
                    broken.add(where + ": no heading #" + m.group(2) + " in " + name);
                } else if (m.group(3) != null && !anchors(target).contains(anchor(m.group(3)))) {
                    broken.add(where + ": no heading \"" + m.group(3) + "\" in " + name);
                }
            }
        }
        assertThat(references).as("references found in deploy/").isGreaterThan(5);
        assertThat(broken).isEmpty();
    }

    @Test
    void everyDeployOrDockerfilePathTheDocsNameExists() throws IOException {
        Pattern path = Pattern.compile("(?<![\\w/.-])((?:deploy|src/main/docker)/[\\w.-]+(?:/[\\w.-]+)*)");
        List<String> missing = new ArrayList<>();
        for (Path doc : markdownDocs()) {
            Matcher m = path.matcher(Files.readString(doc));
            while (m.find()) {
                String named = m.group(1).replaceAll("[.]+$", "");
                if (!Files.exists(Path.of(named))) {
                    missing.add(doc + ": " + named);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    // ---- kubectl and the namespace

    @Test
    void everyKubectlCommandUsesTheKnativeServicesNamespace() throws IOException {
        Matcher apply = Pattern.compile("(?m)^# Apply: kubectl apply -n (\\S+) -f deploy/knative/service\\.yaml$")
                .matcher(Files.readString(KNATIVE));
        assertThat(apply.find()).as("the Knative manifest says how to apply it, with its namespace").isTrue();
        String namespace = apply.group(1);

        List<Path> files = new ArrayList<>(markdownDocs());
        files.addAll(deployFiles());
        List<String> createSecret = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        Pattern kubectl = Pattern.compile("\\bkubectl\\s+(\\w+)(?:\\s+(\\w+))?");
        Pattern withNamespace = Pattern.compile("(?:\\s-n\\s+|\\s--namespace[=\\s]+)" + Pattern.quote(namespace) + "(?:\\s|$)");
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = kubectl.matcher(line);
                if (!m.find() || "create".equals(m.group(1)) && "namespace".equals(m.group(2))) {
                    continue;
                }
                if ("create".equals(m.group(1)) && "secret".equals(m.group(2))) {
                    createSecret.add(file + ": " + line.strip());
                }
                if (!withNamespace.matcher(line).find()) {
                    wrong.add(file + ": " + line.strip());
                }
            }
        }
        assertThat(createSecret).as("kubectl create secret in the Knative manifest and in docs/deployment.md")
                .anyMatch(line -> line.startsWith(KNATIVE.toString()))
                .anyMatch(line -> line.startsWith(DEPLOYMENT_MD.toString()));
        assertThat(wrong).as("kubectl commands without -n " + namespace).isEmpty();

        JsonNode cronJob = readYaml(Path.of("deploy/knative/backfill-cronjob.yaml"));
        assertThat(env(cronJob.at("/spec/jobTemplate/spec/template/spec/containers/0")).get("TRACKER_URL").path("value").asText())
                .as("the CronJob reaches the service in its namespace")
                .isEqualTo("http://" + readYaml(KNATIVE).at("/metadata/name").asText() + "." + namespace + ".svc.cluster.local");
    }

    // ---- Deploy in ten minutes

    @Test
    void deployInTenMinutesComesFirstWithAKnativeAndACloudRunPath() throws IOException {
        String doc = Files.readString(DEPLOYMENT_MD);
        List<String> sections = Pattern.compile("(?m)^## (.+)$").matcher(withoutFencedCode(doc)).results()
                .map(r -> r.group(1).strip()).toList();
        assertThat(sections).first().isEqualTo("Deploy in ten minutes");
        String section = section(doc, "## Deploy in ten minutes");
        String knative = section(section, "### Knative");
        String cloudRun = section(section, "### Cloud Run");
        assertThat(Files.readString(Path.of("README.md"))).contains("(docs/deployment.md#deploy-in-ten-minutes)");

        for (String path : List.of(knative, cloudRun)) {
            assertThat(stepNumbers(path)).as("numbered steps from 1").startsWith(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(path).contains(
                    "-f src/main/docker/Dockerfile.jvm", "docker push",
                    "/q/health/ready",
                    "$URL/deployment-event", "**Deployment events**", "Secret token", "`TRACKER_SOURCE_PROJECT`", "Maintainer",
                    "`/post-migrations`", "$URL/slack", "**Signing Secret**",
                    "deploy/gitlab-ci/chatops.gitlab-ci.yml", "TRACKER_URL", "TRACKER_AUTH_TOKEN",
                    "curl -s -X POST \"$URL/", "-H \"Authorization: Bearer $AUTH_TOKEN\"");
        }
    }

    @Test
    void theKnativePathUsesTheManifestsNames() throws IOException {
        String knative = section(section(Files.readString(DEPLOYMENT_MD), "## Deploy in ten minutes"), "### Knative");
        JsonNode service = readYaml(KNATIVE);
        String name = service.at("/metadata/name").asText();
        String namespace = knativeNamespace();
        Map<String, String> secrets = secretKeys(env(container(service)));
        String secretName = secrets.get("TRACKER_AUTH_TOKEN").split("/")[0];

        assertThat(knative).contains("kubectl create secret generic " + secretName + " -n " + namespace + " ");
        for (String secret : secrets.values()) {
            assertThat(secret).startsWith(secretName + "/");
            assertThat(knative).contains("--from-literal=" + secret.substring(secretName.length() + 1) + "=");
        }
        assertThat(knative).contains(
                "sed \"s|image: " + container(service).path("image").asText() + "|image: $IMAGE|\" " + KNATIVE
                        + " | kubectl apply -n " + namespace + " -f -",
                "kubectl get ksvc " + name + " -n " + namespace,
                "kubectl apply -n " + namespace + " -f deploy/knative/backfill-cronjob.yaml");
    }

    @Test
    void theCloudRunPathUsesTheManifestsNames() throws IOException {
        String cloudRun = section(section(Files.readString(DEPLOYMENT_MD), "## Deploy in ten minutes"), "### Cloud Run");
        JsonNode service = readYaml(CLOUD_RUN);
        String name = service.at("/metadata/name").asText();
        Matcher region = Pattern.compile("gcloud run services replace deploy/cloud-run/service\\.yaml --region=(\\S+)")
                .matcher(Files.readString(CLOUD_RUN));
        assertThat(region.find()).as("the Cloud Run manifest says how to deploy it, with its region").isTrue();

        Set<String> secretNames = secretKeys(env(container(service))).values().stream()
                .map(ref -> ref.split("/")[0]).collect(Collectors.toCollection(TreeSet::new));
        for (String secret : secretNames) {
            assertThat(cloudRun).contains("gcloud secrets create " + secret + " ");
        }
        Matcher loop = Pattern.compile("for secret in ([\\w -]+); do\\s+gcloud secrets add-iam-policy-binding \"([\\w-]+)\\$secret\"")
                .matcher(cloudRun);
        assertThat(loop.find()).as("the runtime service account may read every secret").isTrue();
        String prefix = loop.group(2);
        Set<String> granted = Stream.of(loop.group(1).trim().split("\\s+")).map(s -> prefix + s)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(granted).isEqualTo(secretNames);

        assertThat(cloudRun).contains(
                "sed \"s|image: " + container(service).path("image").asText() + "|image: $IMAGE|\" " + CLOUD_RUN,
                "gcloud run services replace /tmp/post-migration-tracker.yaml --region=" + region.group(1),
                "gcloud run services add-iam-policy-binding " + name + " --region=" + region.group(1),
                "--member=allUsers --role=roles/run.invoker",
                "gcloud run services describe " + name + " --region=" + region.group(1));

        JsonNode job = readYaml(Path.of("deploy/cloud-run/backfill-job.yaml"));
        String jobName = job.at("/metadata/name").asText();
        String placeholder = env(job.at("/spec/template/spec/template/spec/containers/0")).get("TRACKER_URL").path("value").asText();
        assertThat(cloudRun).contains(
                "sed \"s|" + placeholder + "|$URL|\" deploy/cloud-run/backfill-job.yaml",
                "gcloud run jobs add-iam-policy-binding " + jobName + " --region=" + region.group(1),
                "/locations/" + region.group(1) + "/jobs/" + jobName + ":run\"",
                "--oauth-service-account-email=");
    }

    // ---- memory

    @Test
    void eachManifestsMemoryLimitIsTheOneItsImageNeeds() throws IOException {
        // docs/deployment.md, "Memory": | native (`Dockerfile.native`) | 256 Mi | ... and | JVM (`Dockerfile.jvm`) | 384 Mi |
        Map<String, String> limits = new HashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| \\w+ \\(`Dockerfile\\.(\\w+)`\\) \\| (\\d+) Mi \\|")
                .matcher(section(Files.readString(DEPLOYMENT_MD), "## Memory"));
        while (row.find()) {
            limits.put(row.group(1), row.group(2) + "Mi");
        }
        assertThat(limits).containsOnlyKeys("jvm", "native");

        for (Path manifest : List.of(KNATIVE, CLOUD_RUN)) {
            JsonNode service = readYaml(manifest);
            String image = container(service).path("image").asText();
            Matcher kind = Pattern.compile(":[\\w.]+-(jvm|native)$").matcher(image);
            assertThat(kind.find()).as("%s names a -jvm or -native image: %s", manifest, image).isTrue();
            String memory = container(service).at("/resources/limits/memory").asText();
            assertThat(memory).as("%s: the memory limit of the %s image", manifest, kind.group(1))
                    .isEqualTo(limits.get(kind.group(1)));
            // Each manifest says which image it is set up for and what the other one needs.
            String text = Files.readString(manifest);
            for (Map.Entry<String, String> limit : limits.entrySet()) {
                assertThat(text).contains("post-migration-tracker:1.0.0-" + limit.getKey(), limit.getValue());
            }
            // Cloud Run's second generation execution environment takes no limit below 512Mi.
            String environment = service.at("/spec/template/metadata/annotations")
                    .path("run.googleapis.com/execution-environment").asText();
            if ("gen2".equals(environment)) {
                assertThat(Integer.parseInt(memory.replace("Mi", ""))).as("%s: gen2 with %s", manifest, memory)
                        .isGreaterThanOrEqualTo(512);
            }
        }
    }

    // ---- no secret in a header

    @Test
    void noManifestOrSchedulerExampleHoldsASecretInAHeader() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : deployFiles()) {
            if (file.toString().matches(".*\\.ya?ml$")) {
                for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file)).readAll()) {
                    credentialHeaders(document, file.toString(), found);
                }
            }
        }
        List<Path> texts = new ArrayList<>(deployFiles());
        texts.addAll(markdownDocs());
        Pattern header = Pattern.compile("(?i)(Authorization: Bearer|X-Gitlab-Token:|PRIVATE-TOKEN:)[ \\t]*([^\\s\"'`]+)");
        Pattern reference = Pattern.compile("\\$\\{?[A-Za-z_]\\w*}?|<[^>]+>|\\.\\.\\.");
        for (Path file : texts) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String lower = line.toLowerCase(Locale.ROOT);
                if ((lower.contains("--headers") || lower.contains("--update-headers"))
                        && (lower.contains("authorization") || lower.contains("x-gitlab-token"))) {
                    found.add(file + ":" + (i + 1) + ": a credential in a Cloud Scheduler job's headers: " + line.strip());
                }
                if (lower.contains("authorization=bearer")) {
                    found.add(file + ":" + (i + 1) + ": " + line.strip());
                }
                Matcher m = header.matcher(line);
                while (m.find()) {
                    if (!reference.matcher(m.group(2)).matches()) {
                        found.add(file + ":" + (i + 1) + ": a literal value in " + m.group(1) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    /** Any {@code headers} map in a YAML document that carries a credential: stored as written, so a secret no longer. */
    private static void credentialHeaders(JsonNode node, String where, List<String> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equalsIgnoreCase("headers") && field.getValue().isObject()) {
                    for (Map.Entry<String, JsonNode> header : field.getValue().properties()) {
                        if (CREDENTIAL_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                            found.add(where + ": header " + header.getKey() + " in a manifest");
                        }
                    }
                }
                credentialHeaders(field.getValue(), where, found);
            }
        } else if (node.isArray()) {
            node.forEach(element -> credentialHeaders(element, where, found));
        }
    }

    // ---- the anchor rule, checked on the headings these docs use

    @Test
    void anchorsFollowGitLabsAndGitHubsRule() {
        assertThat(anchor("Deploy in ten minutes")).isEqualTo("deploy-in-ten-minutes");
        assertThat(anchor("`POST /deployment-event`: GitLab's Deployment webhook"))
                .isEqualTo("post-deployment-event-gitlabs-deployment-webhook");
        assertThat(anchor("What if the webhook was down?")).isEqualTo("what-if-the-webhook-was-down");
        assertThat(anchor("Slack slash command: `POST /slack`")).isEqualTo("slack-slash-command-post-slack");
        assertThat(anchors("# A\n```\n# not a heading\n```\n## A\n")).containsExactly("a", "a-1");
    }

    // ---- helpers

    private static JsonNode readYaml(Path path) throws IOException {
        return YAML.readTree(Files.readString(path));
    }

    private static JsonNode container(JsonNode service) {
        JsonNode containers = service.at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    /** Setting to "secret/key" for each setting read from a secret, in the manifest's order. */
    private static Map<String, String> secretKeys(Map<String, JsonNode> env) {
        Map<String, String> keys = new LinkedHashMap<>();
        env.forEach((name, e) -> {
            JsonNode ref = e.at("/valueFrom/secretKeyRef");
            if (!ref.isMissingNode()) {
                keys.put(name, ref.path("name").asText() + "/" + ref.path("key").asText());
            }
        });
        return keys;
    }

    private static String knativeNamespace() throws IOException {
        Matcher apply = Pattern.compile("(?m)^# Apply: kubectl apply -n (\\S+) ").matcher(Files.readString(KNATIVE));
        assertThat(apply.find()).isTrue();
        return apply.group(1);
    }

    private static List<Path> markdownDocs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(Path.of("README.md"));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static List<Path> deployFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("deploy"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Why a relative link from {@code doc} does not resolve, or null when it does. */
    private static String problem(Path doc, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path dir = doc.getParent() == null ? Path.of("") : doc.getParent();
        Path resolved = file.isEmpty() ? doc : dir.resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file " + resolved;
        }
        if (fragment != null) {
            if (!resolved.toString().endsWith(".md")) {
                return "an anchor into a file that is not Markdown";
            }
            if (!anchors(resolved).contains(fragment)) {
                return "no heading #" + fragment + " in " + resolved;
            }
        }
        return null;
    }

    private static Set<String> anchors(Path markdown) {
        try {
            return anchors(Files.readString(markdown));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The anchors of a Markdown text's headings, outside fenced code; a repeated one gets -1, -2, ... */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = Pattern.compile("(?m)^#{1,6}[ \\t]+(.+?)[ \\t#]*$").matcher(withoutFencedCode(markdown));
        while (heading.find()) {
            String anchor = anchor(heading.group(1));
            int times = seen.merge(anchor, 1, Integer::sum);
            anchors.add(times == 1 ? anchor : anchor + "-" + (times - 1));
        }
        return anchors;
    }

    /** GitLab's and GitHub's rule: lowercase, punctuation dropped but for - and _, each space a -. */
    static String anchor(String heading) {
        StringBuilder anchor = new StringBuilder();
        heading.strip().toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                anchor.appendCodePoint(c);
            } else if (c == ' ') {
                anchor.append('-');
            }
        });
        return anchor.toString();
    }

    /** The text with fenced code blocks (``` or ~~~, indented or not) blanked out, line for line. */
    private static String withoutFencedCode(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
                fenced = !fenced;
                out.append('\n');
                continue;
            }
            out.append(fenced ? "" : line).append('\n');
        }
        return out.toString();
    }

    /** From a heading line to the next heading of the same or a higher level (the heading line excluded). */
    private static String section(String markdown, String headingLine) {
        String[] lines = markdown.split("\n", -1);
        int level = headingLine.indexOf(' ');
        StringBuilder out = new StringBuilder();
        boolean in = false;
        boolean fenced = false;
        for (String line : lines) {
            String stripped = line.strip();
            if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
                fenced = !fenced;
            }
            if (!fenced && line.equals(headingLine)) {
                in = true;
                continue;
            }
            if (in && !fenced && line.matches("#{1," + level + "} .*")) {
                break;
            }
            if (in) {
                out.append(line).append('\n');
            }
        }
        assertThat(in).as("a section %s", headingLine).isTrue();
        return out.toString();
    }

    /** The numbers of a section's top-level numbered steps, in order. */
    private static List<Integer> stepNumbers(String section) {
        return Pattern.compile("(?m)^(\\d+)\\. ").matcher(withoutFencedCode(section)).results()
                .map(r -> Integer.parseInt(r.group(1))).toList();
    }
}
