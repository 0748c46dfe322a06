package com.gitlab.release.tracker.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Reads a page of an issue's notes as a stream, holding no more of a note than what the function may use of it:
 * anyone can comment on a public issue, up to GitLab's limit of a million characters a note, so a page of 100 notes
 * can be a hundred megabytes. Each body is read once (GitLab sends it before its author) and then kept whole only
 * when its author is trusted and it is no longer than the function's own largest note; of any other note the first
 * {@value #UNTRUSTED_PREFIX} characters are kept (enough to see that it imitates a record, for the count of
 * imitations), and of a trusted author's note over the bound, nothing.
 */
final class NotesReader {

    /** Characters kept of a note whose author is not trusted. */
    static final int UNTRUSTED_PREFIX = 2_000;
    /**
     * GitLab's limit on a note (a million characters, which as UTF-16 units may be two million: emoji), with room:
     * a longer string is no GitLab note and the page is refused.
     */
    static final int LONGEST_STRING = 2_200_000;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(LONGEST_STRING).build()).build();

    private NotesReader() {
    }

    /**
     * @param trusted whose notes may be records
     * @param longest the longest body kept whole (the function's own largest note)
     */
    static List<GitLabNote> read(InputStream body, Predicate<GitLabUser> trusted, int longest) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            List<GitLabNote> notes = new ArrayList<>();
            expect(parser, parser.nextToken(), JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                notes.add(readNote(parser, trusted, longest));
            }
            expect(parser, parser.currentToken(), JsonToken.END_ARRAY);
            return notes;
        }
    }

    private static GitLabNote readNote(JsonParser parser, Predicate<GitLabUser> trusted, int longest) throws IOException {
        long id = 0;
        String text = null;
        boolean system = false;
        String createdAt = null;
        GitLabUser author = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> id = parser.getValueAsLong();
                case "body" -> text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "system" -> system = value == JsonToken.VALUE_TRUE;
                case "created_at" -> createdAt = parser.getValueAsString();
                case "author" -> author = value == JsonToken.START_OBJECT ? readUser(parser) : null;
                default -> parser.skipChildren();
            }
        }
        return new GitLabNote(id, kept(text, author, trusted, longest), system, createdAt, author);
    }

    private static String kept(String text, GitLabUser author, Predicate<GitLabUser> trusted, int longest) {
        if (text == null) {
            return null;
        }
        if (author == null || !trusted.test(author)) {
            return text.length() <= UNTRUSTED_PREFIX ? text : text.substring(0, UNTRUSTED_PREFIX);
        }
        return text.length() <= longest ? text : "";
    }

    private static GitLabUser readUser(JsonParser parser) throws IOException {
        Long id = null;
        String username = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("id") && value == JsonToken.VALUE_NUMBER_INT) {
                id = parser.getValueAsLong();
            } else if (field.equals("username") && value == JsonToken.VALUE_STRING) {
                username = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return new GitLabUser(id, username);
    }

    private static void expect(JsonParser parser, JsonToken actual, JsonToken expected) throws JsonParseException {
        if (actual != expected) {
            throw new JsonParseException(parser, "expected " + expected + " in GitLab's notes answer, found " + actual);
        }
    }
}
