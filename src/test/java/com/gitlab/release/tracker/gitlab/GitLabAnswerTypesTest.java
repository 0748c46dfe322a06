package com.gitlab.release.tracker.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;

/**
 * GitLab's answers carry many more fields than the function reads (a note: its author, its noteable, ...). Each type
 * they are read into skips the others as it reads ({@code ignoreUnknown}); without it, Jackson copies every unknown
 * field of a record into a buffer first, and a release issue's notes are read on every event.
 */
class GitLabAnswerTypesTest {

    @Test
    void everyTypeGitLabAnswersAreReadIntoSkipsTheFieldsItDoesNotRead() throws Exception {
        Path folder = Path.of(GitLabNote.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(GitLabNote.class.getPackageName().replace('.', '/'));
        List<String> answerTypes = new ArrayList<>();
        List<String> buffering = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("GitLab")).toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.class$", "");
                Class<?> type = Class.forName(GitLabNote.class.getPackageName() + "." + name);
                if (!type.isRecord() || type.getSimpleName().equals("Create")) { // Create: bodies the function sends
                    continue;
                }
                answerTypes.add(type.getSimpleName());
                JsonIgnoreProperties ignore = type.getAnnotation(JsonIgnoreProperties.class);
                if (ignore == null || !ignore.ignoreUnknown()) {
                    buffering.add(name);
                }
            }
        }
        assertThat(answerTypes).contains("GitLabNote", "GitLabCompare", "Commit", "GitLabDeployment", "Environment", "Author");
        assertThat(buffering).isEmpty();
    }

    @Test
    void aRealNoteIsReadWithItsNestedFieldsSkipped() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/gitlab4j/note.json")) {
            GitLabNote note = json.readValue(in, GitLabNote.class);
            assertThat(note.id()).isEqualTo(1659);
            assertThat(note.body()).isEqualTo("This is a good idea.");
            assertThat(note.createdAt()).isEqualTo("2016-04-06T16:51:53.239Z");
            assertThat(note.system()).isFalse();
        }
    }
}
