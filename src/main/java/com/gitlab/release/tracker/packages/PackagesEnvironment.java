package com.gitlab.release.tracker.packages;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.release.tracker.config.TrackerConfig;
import com.gitlab.release.tracker.domain.TrackerException;
import com.gitlab.release.tracker.domain.releases.CommitSha;
import com.gitlab.release.tracker.gitlab.GitLab;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;
import com.gitlab.release.tracker.gitlab.Invocation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Every recorded package with post-migrations as one deployment on {@code TRACKER_PACKAGES_ENVIRONMENT}
 * ({@code post-migrations/packages}) in the source project, so GitLab's Environments page and its deployments API
 * show which packages brought post-migrations. Exactly one per package: GitLab skips a create only when it equals
 * the environment's last deployment, so the environment's deployments are looked at first, and a write whose answer
 * was lost is read back before it is tried again.
 */
@ApplicationScoped
public class PackagesEnvironment {
    private static final Logger LOG = Logger.getLogger(PackagesEnvironment.class);
    /** Deployments looked at for the package's, at most. */
    private static final int LOOK_BACK = 300;

    private final TrackerConfig config;
    private final GitLab gitlab;

    public PackagesEnvironment(TrackerConfig config, GitLab gitlab) {
        this.config = config;
        this.gitlab = gitlab;
    }

    /** What became of a package's deployment: {@code created}, {@code exists}, {@code disabled} or {@code failed}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Logged(String status, Long id, String environment, String error) {

        static Logged disabled() {
            return new Logged("disabled", null, null, null);
        }
    }

    /** The environment, unless turned off. */
    public Optional<String> environment() {
        return config.packagesEnvironment();
    }

    /** Whether an environment is this function's own record (its deployment events are not packages to record). */
    public boolean isOwn(String environment) {
        return environment != null && environment().map(environment::equals).orElse(false);
    }

    /**
     * Logs the package unless it is there, once {@code recorded} (its note) has ended well; the environment is looked
     * at beside it, so a noted package's re-delivery waits for no further round trip. A GitLab failure is the
     * answer's ({@code failed}), never the call's: the note is the record, the environment a view of it.
     */
    public Uni<Logged> log(Invocation invocation, PackageTarget target, boolean writes, Uni<?> recorded) {
        Optional<String> environment = environment();
        if (!writes || environment.isEmpty()) {
            return Uni.createFrom().item(Logged.disabled());
        }
        String project = config.sourceProject();
        Uni<String> ref = target.ref() != null ? Uni.createFrom().item(target.ref()) : gitlab.defaultBranch(invocation, project);
        return find(gitlab, invocation, project, environment.get(), target.sha()).chain(found -> found.isPresent()
                ? Uni.createFrom().item(new Logged("exists", found.get().id(), environment.get(), null))
                : recorded.chain(() -> ref.chain(branch -> create(invocation, project, environment.get(), target.sha(), branch))))
                .onFailure(TrackerException.class).recoverWithItem(failure -> {
                    LOG.warnf("package %s not logged on %s: %s", target.label(), environment.get(), failure.getMessage());
                    return new Logged("failed", null, environment.get(), failure.getMessage());
                });
    }

    private Uni<Logged> create(Invocation invocation, String project, String environment, CommitSha sha, String ref) {
        return gitlab.retrying(invocation, (once, earlierAttempt) -> {
            // An earlier attempt's answer may have been lost after GitLab logged it: look before logging again.
            Uni<Optional<GitLabDeployment>> earlier = earlierAttempt ? find(once, invocation, project, environment, sha)
                    : Uni.createFrom().item(Optional.empty());
            return earlier.chain(found -> found.isPresent() ? Uni.createFrom().item(found.get())
                    : once.createDeploymentOnce(invocation, project, new GitLabDeployment.Create(environment, sha.value(), ref, false,
                            "success")));
        }).map(deployment -> new Logged("created", deployment.id(), environment, null));
    }

    private static Uni<Optional<GitLabDeployment>> find(GitLab client, Invocation invocation, String project, String environment,
            CommitSha sha) {
        return client.deployments(invocation, project, environment, "success", 100)
                .select().first(LOOK_BACK)
                .select().where(d -> sha.sameCommit(d.sha()))
                .toUni().map(Optional::ofNullable);
    }
}
