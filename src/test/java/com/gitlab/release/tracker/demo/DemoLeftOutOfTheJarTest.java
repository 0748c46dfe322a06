package com.gitlab.release.tracker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every class file of the demo's fake GitLab is named in {@code quarkus.package.jar.user-configured-ignored-entries},
 * so none reaches the packaged function (Quarkus matches whole paths: a new class must be added to the list).
 */
class DemoLeftOutOfTheJarTest {

    private static final String FOLDER = "com/gitlab/release/tracker/demo/";

    @Test
    void everyDemoClassIsLeftOutOfThePackagedJar() throws IOException {
        Set<String> compiled;
        try (Stream<Path> files = Files.list(Path.of("target/classes", FOLDER))) {
            compiled = files.map(f -> FOLDER + f.getFileName()).filter(name -> name.endsWith(".class"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Set<String> ignored = Arrays.stream(properties.getProperty("quarkus.package.jar.user-configured-ignored-entries", "")
                .split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));

        assertThat(compiled).as("the demo's class files").contains(FOLDER + "FakeGitLab.class");
        assertThat(ignored).as("application.properties: quarkus.package.jar.user-configured-ignored-entries")
                .containsExactlyInAnyOrderElementsOf(compiled);
    }
}
