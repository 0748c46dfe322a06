package com.gitlab.release.tracker.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.gitlab.GitLabDeployment;

/** What a backfill records, from deployments read newest first, without HTTP. */
class BackfillWindowTest {

    private static final Instant NOW = Instant.parse("2022-02-10T12:00:00Z");

    private static GitLabDeployment deployed(long id, String sha, String at) {
        return new GitLabDeployment(id, id, "ref-" + id, sha, "success", at, at, at, null, null);
    }

    private static String sha(char c) {
        return String.valueOf(c).repeat(40);
    }

    /** Hands the deployments over newest first, as GitLab lists them, until the window has read enough. */
    private static BackfillWindow read(BackfillWindow window, List<GitLabDeployment> oldestFirst) {
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            if (!window.take(oldestFirst.get(i))) {
                break;
            }
        }
        return window;
    }

    @Test
    void eachCommitFirstDeployedInTheWindowIsRecordedAgainstTheDeploymentOfAnotherCommitBeforeIt() {
        List<GitLabDeployment> deployments = List.of(
                deployed(1, sha('a'), "2022-02-01T10:00:00Z"),
                deployed(2, sha('b'), "2022-02-02T10:00:00Z"),
                deployed(3, sha('b'), "2022-02-03T10:00:00Z"),
                deployed(4, sha('c'), "2022-02-04T10:00:00Z"),
                deployed(5, sha('b'), "2022-02-05T10:00:00Z"),
                deployed(6, sha('d'), "2022-02-09T10:00:00Z"));
        BackfillWindow window = read(new BackfillWindow(Instant.parse("2022-02-02T00:00:00Z"),
                Instant.parse("2022-02-06T00:00:00Z")), deployments);

        List<BackfillWindow.Job> jobs = window.jobs();

        assertThat(jobs).extracting(job -> job.deployment().id(), job -> job.baseline().id())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 1L), org.assertj.core.groups.Tuple.tuple(4L, 3L));
    }

    @Test
    void readingStopsAtTheFirstBaselineBeforeTheWindow() {
        BackfillWindow window = new BackfillWindow(Instant.parse("2022-02-05T00:00:00Z"), Instant.MAX);
        assertThat(window.take(deployed(9, sha('c'), "2022-02-06T10:00:00Z"))).isTrue();
        assertThat(window.take(deployed(8, sha('c'), "2022-02-04T10:00:00Z"))).as("same commit: read on").isTrue();
        assertThat(window.take(deployed(7, sha('b'), "2022-02-03T10:00:00Z"))).as("another commit: the baseline").isTrue();
        assertThat(window.take(deployed(6, sha('a'), "2022-02-02T10:00:00Z"))).as("enough read").isFalse();

        assertThat(window.jobs()).singleElement().satisfies(job -> {
            assertThat(job.deployment().id()).isEqualTo(9);
            assertThat(job.baseline().id()).isEqualTo(7);
        });
    }

    @Test
    void aWindowWithNothingInItReadsNothingOlder() {
        BackfillWindow window = new BackfillWindow(Instant.parse("2022-02-09T00:00:00Z"), Instant.MAX);
        assertThat(window.take(deployed(1, sha('a'), "2022-02-01T10:00:00Z"))).isFalse();
        assertThat(window.jobs()).isEmpty();
        assertThat(window.nothingToRecord("gstg-cny", "p")).contains("no package first deployed to gstg-cny between"
                + " 2022-02-09T00:00:00Z and now");
        assertThat(new BackfillWindow(Instant.EPOCH, Instant.MAX).nothingToRecord("gstg-cny", "p"))
                .contains("no successful deployment to gstg-cny in p at all: is the environment's name right?");
    }

    @Test
    void boundsAreTimesOrDurationsBackFromNow() {
        assertThat(BackfillWindow.bound("since", "2022-02-01T00:00:00Z", Instant.EPOCH, NOW))
                .isEqualTo(Instant.parse("2022-02-01T00:00:00Z"));
        assertThat(BackfillWindow.bound("since", "PT6H", Instant.EPOCH, NOW)).isEqualTo(Instant.parse("2022-02-10T06:00:00Z"));
        assertThat(BackfillWindow.bound("until", " ", Instant.MAX, NOW)).isEqualTo(Instant.MAX);
        assertThatThrownBy(() -> BackfillWindow.bound("since", "yesterday", Instant.EPOCH, NOW))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("since: 'yesterday' is neither");
        assertThatThrownBy(() -> BackfillWindow.bound("since", "P6X", Instant.EPOCH, NOW)).isInstanceOf(BadInputException.class);
    }

    @Test
    void sinceMustComeBeforeUntil() {
        Instant at = Instant.parse("2022-02-01T00:00:00Z");
        assertThatThrownBy(() -> new BackfillWindow(at, at)).isInstanceOf(BadInputException.class)
                .hasMessage("since must be before until");
    }
}
