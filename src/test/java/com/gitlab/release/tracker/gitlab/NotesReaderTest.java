package com.gitlab.release.tracker.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/** A page of notes as GitLab sends it (the body before its author): only a trusted author's short note is kept whole. */
class NotesReaderTest {

    private static final Predicate<GitLabUser> BOT = user -> "release-tools-bot".equals(user.username());

    private static String note(long id, String body, String author) {
        return "{\"id\":" + id + ",\"type\":null,\"body\":\"" + body + "\",\"attachment\":null,\"author\":{\"id\":" + id
                + ",\"username\":\"" + author + "\",\"name\":\"x\",\"state\":\"active\",\"avatar_url\":null},"
                + "\"created_at\":\"2022-02-08T10:00:00.000Z\",\"system\":false,\"noteable_id\":1,\"resolvable\":false}";
    }

    @Test
    void keepsWhatTheFunctionMayUseOfEachNote() throws IOException {
        String huge = "x".repeat(500_000);
        String page = "[" + String.join(",", note(1, "<!-- post-migration-tracker {} -->" + huge, "someone-else"),
                note(2, "own note", "release-tools-bot"), note(3, huge, "release-tools-bot"),
                "{\"author\":{\"username\":\"release-tools-bot\"},\"id\":4,\"body\":\"author first\",\"system\":true}") + "]";

        List<GitLabNote> notes = NotesReader.read(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)), BOT, 100_000);

        assertThat(notes).extracting(GitLabNote::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(notes.get(0).body()).hasSize(NotesReader.UNTRUSTED_PREFIX).startsWith("<!-- post-migration-tracker");
        assertThat(notes.get(1).body()).isEqualTo("own note");
        assertThat(notes.get(1).createdAt()).isEqualTo("2022-02-08T10:00:00.000Z");
        assertThat(notes.get(2).body()).as("a trusted note longer than the function writes").isEmpty();
        assertThat(notes.get(3).body()).isEqualTo("author first");
        assertThat(notes.get(3).system()).isTrue();
    }

    @Test
    void aStringLongerThanGitLabAllowsIsNoAnswer() {
        String page = "[" + note(1, "y".repeat(NotesReader.LONGEST_STRING + 1), "someone-else") + "]";

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NotesReader.read(
                new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)), BOT, 100_000)).isInstanceOf(IOException.class);
    }
}
