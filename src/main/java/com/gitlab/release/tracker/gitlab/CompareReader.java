package com.gitlab.release.tracker.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads GitLab's compare answer as a stream. Between far-apart commits the answer holds whole-file diff texts and
 * runs to tens of megabytes; this reader never holds it whole: it keeps each diff's paths and flags, and lets the
 * parser skip the {@code diff} texts without turning them into strings.
 */
final class CompareReader {

    private static final JsonFactory JSON = new JsonFactory();

    private CompareReader() {
    }

    static GitLabCompare read(InputStream body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            expect(parser, parser.nextToken(), JsonToken.START_OBJECT);
            List<GitLabCompare.Commit> commits = new ArrayList<>();
            List<GitLabDiff> diffs = new ArrayList<>();
            boolean timeout = false;
            boolean sameRef = false;
            String webUrl = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "compare_timeout" -> timeout = value == JsonToken.VALUE_TRUE;
                    case "compare_same_ref" -> sameRef = value == JsonToken.VALUE_TRUE;
                    case "web_url" -> webUrl = parser.getValueAsString();
                    case "commits" -> readArray(parser, value, () -> commits.add(readCommit(parser)));
                    case "diffs" -> readArray(parser, value, () -> diffs.add(readDiff(parser)));
                    default -> parser.skipChildren();
                }
            }
            expect(parser, parser.currentToken(), JsonToken.END_OBJECT);
            return new GitLabCompare(commits, diffs, timeout, sameRef, webUrl);
        }
    }

    private interface Element {
        void read() throws IOException;
    }

    private static void readArray(JsonParser parser, JsonToken start, Element element) throws IOException {
        if (start == JsonToken.VALUE_NULL) {
            return;
        }
        expect(parser, start, JsonToken.START_ARRAY);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            element.read();
        }
        expect(parser, parser.currentToken(), JsonToken.END_ARRAY);
    }

    private static GitLabCompare.Commit readCommit(JsonParser parser) throws IOException {
        String id = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("id")) {
                id = parser.getValueAsString();
            } else {
                parser.skipChildren();
            }
        }
        return new GitLabCompare.Commit(id);
    }

    /** One diff's paths and flags; its {@code diff} text is skipped unread. */
    private static GitLabDiff readDiff(JsonParser parser) throws IOException {
        String oldPath = null;
        String newPath = null;
        boolean newFile = false;
        boolean renamed = false;
        boolean deleted = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "old_path" -> oldPath = parser.getValueAsString();
                case "new_path" -> newPath = parser.getValueAsString();
                case "new_file" -> newFile = value == JsonToken.VALUE_TRUE;
                case "renamed_file" -> renamed = value == JsonToken.VALUE_TRUE;
                case "deleted_file" -> deleted = value == JsonToken.VALUE_TRUE;
                default -> parser.skipChildren();
            }
        }
        return new GitLabDiff(oldPath, newPath, newFile, renamed, deleted);
    }

    private static void expect(JsonParser parser, JsonToken actual, JsonToken expected) throws JsonParseException {
        if (actual != expected) {
            throw new JsonParseException(parser, "expected " + expected + " in GitLab's compare answer, found " + actual);
        }
    }
}
