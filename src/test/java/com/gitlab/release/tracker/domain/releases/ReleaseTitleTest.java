package com.gitlab.release.tracker.domain.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The title rule of monthly release issues, in one place. */
class ReleaseTitleTest {

    private static final ReleaseTitle DEFAULT = new ReleaseTitle("Release %s");

    @Test
    void givesAndReadsBackTheRelease() {
        assertThat(DEFAULT.of(new Release(14, 8))).isEqualTo("Release 14.8");
        assertThat(DEFAULT.releaseOf("Release 14.8")).contains(new Release(14, 8));
        assertThat(DEFAULT.searchPrefix()).isEqualTo("Release");
    }

    @Test
    void aLongerTitleNamesNoRelease() {
        assertThat(DEFAULT.releaseOf("Release 14.8 retrospective")).isEmpty();
        assertThat(DEFAULT.releaseOf("Pre-Release 14.8")).isEmpty();
        assertThat(DEFAULT.releaseOf(null)).isEmpty();
    }

    @Test
    void theReleaseMayStandAnywhere() {
        ReleaseTitle title = new ReleaseTitle("%s monthly release (tasks)");
        assertThat(title.of(new Release(15, 2))).isEqualTo("15.2 monthly release (tasks)");
        assertThat(title.releaseOf("15.2 monthly release (tasks)")).contains(new Release(15, 2));
        assertThat(title.searchPrefix()).isEmpty();
    }

    @Test
    void aFormatNeedsExactlyOneRelease() {
        assertThatThrownBy(() -> new ReleaseTitle("Release")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReleaseTitle("Release %s %s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReleaseTitle("Release %d %s")).isInstanceOf(IllegalArgumentException.class);
    }
}
