package com.gitlab.release.tracker.domain.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.gitlab.release.tracker.domain.BadInputException;

class PackageVersionTest {

    @Test
    void readsReleaseTimestampAndCommits() {
        PackageVersion v = PackageVersion.parse("14.8.202202080920-97d6e07c2a1.4ce763dbce1");

        assertThat(v.release()).isEqualTo(new Release(14, 8));
        assertThat(v.timestamp()).isEqualTo("202202080920");
        assertThat(v.railsSha()).isEqualTo("97d6e07c2a1");
        assertThat(v.omnibusSha()).isEqualTo("4ce763dbce1");
    }

    @Test
    void omnibusTagSpellingIsTheSamePackage() {
        assertThat(PackageVersion.parse("14.8.202202080920+97d6e07c2a1.4ce763dbce1"))
                .isEqualTo(PackageVersion.parse("14.8.202202080920-97d6e07c2a1.4ce763dbce1"));
        assertThat(PackageVersion.parse("14.8.202202080920+97d6e07c2a1.4ce763dbce1").toString())
                .isEqualTo("14.8.202202080920-97d6e07c2a1.4ce763dbce1");
    }

    @Test
    void twoDigitMinorReleases() {
        assertThat(PackageVersion.parse("15.10.202303011200-abcdef01234.0123456789a").release().toString()).isEqualTo("15.10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "14.8", "14.8.20220208-97d6e07c2a1.4ce763dbce1", "14.8.202202080920-97d6e07c2a1",
            "14.8.202202080920_97d6e07c2a1.4ce763dbce1", "v14.8.202202080920-97d6e07c2a1.4ce763dbce1",
            "14.8.202202080920-97D6E07ZZA1.4ce763dbce1"})
    void rejectsWhatIsNotAPackageVersion(String text) {
        assertThat(PackageVersion.looksLikeVersion(text)).isFalse();
        assertThatThrownBy(() -> PackageVersion.parse(text)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not an auto-deploy package version");
    }

    @Test
    void releaseOfAnAutoDeployBranch() {
        assertThat(Release.ofAutoDeployBranch("14-8-auto-deploy-2022020809")).contains(new Release(14, 8));
        assertThat(Release.ofAutoDeployBranch("master")).isEmpty();
    }

    @Test
    void releasesOrderNumerically() {
        assertThat(Release.parse("14.10")).isGreaterThan(Release.parse("14.9"));
    }

    @Test
    void shasCompareByPrefix() {
        CommitSha full = new CommitSha("97D6E07C2A1B2C3D4E5F60718293A4B5C6D7E8F9");
        assertThat(full.value()).isEqualTo("97d6e07c2a1b2c3d4e5f60718293a4b5c6d7e8f9");
        assertThat(full.sameCommit(new CommitSha("97d6e07c2a1"))).isTrue();
        assertThat(full.sameCommit(new CommitSha("97d6e07c2a2"))).isFalse();
        assertThat(full.shortSha()).isEqualTo("97d6e07c2a1");
        // A SHA as GitLab answers it: none, or not one, names no commit.
        assertThat(full.sameCommit("97D6E07c2a1")).isTrue();
        assertThat(full.sameCommit("97d6e07c2a2")).isFalse();
        assertThat(full.sameCommit((String) null)).isFalse();
        assertThat(full.sameCommit("main")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"97d6e0", "97d6e07zz", "97d6e07c2a1b2c3d4e5f60718293a4b5c6d7e8f9aa", " "})
    void rejectsWhatIsNotASha(String text) {
        assertThatThrownBy(() -> new CommitSha(text)).isInstanceOf(BadInputException.class);
    }
}
