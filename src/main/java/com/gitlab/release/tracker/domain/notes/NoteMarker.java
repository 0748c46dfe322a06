package com.gitlab.release.tracker.domain.notes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.domain.migrations.MergeRequest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one place for the hidden marker every note of the function carries: an HTML comment holding the record as
 * JSON. Only the marker is read back, so people may edit a note's visible text.
 *
 * <pre>{@code <!-- post-migration-tracker {"v":1,"package":"14.8...","release":"14.8","sha":"...","postMigrations":[...]} -->}</pre>
 *
 * A package note has no {@code type}; a run note has {@code "type":"execution"} with the environment and
 * deployment of the post-deploy migration run.
 */
public final class NoteMarker {

    static final String NAME = "post-migration-tracker";
    /** A run note's type: spelt "execution", as the run notes already written are (they must stay found). */
    static final String RUN = "execution";
    private static final Pattern MARKER = Pattern.compile("<!--\\s*" + NAME + "\\s+(.*?)\\s*-->", Pattern.DOTALL);
    private static final ObjectMapper READER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Escapes '<' and '>' inside JSON strings so that no value can close the HTML comment. */
    private static final ObjectMapper WRITER = new ObjectMapper();

    static {
        WRITER.getFactory().setCharacterEscapes(new CharacterEscapes() {
            private final int[] escapes;

            {
                escapes = CharacterEscapes.standardAsciiEscapesForJSON();
                escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
                escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
            }

            @Override
            public int[] getEscapeCodesForAscii() {
                return escapes;
            }

            @Override
            public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                return null;
            }
        });
    }

    private NoteMarker() {
    }

    /** The marker's JSON payload. {@code v} lets a later format be told apart. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Payload(@JsonProperty("v") int version, String type, @JsonProperty("package") String packageName,
            String release, String environment, Long deploymentId, String executedAt, String sha, String previousSha,
            List<String> postMigrations, Map<String, MergeRequest> mergeRequests) {
    }

    /** Thrown for a note whose marker cannot be read. */
    public static final class MalformedMarkerException extends RuntimeException {
        MalformedMarkerException(String message) {
            super(message);
        }
    }

    /** The payload of the marker in a note body; empty when the note has none (a person's comment, another tool's). */
    static Optional<Payload> read(String body) {
        if (body == null || !body.contains(NAME)) { // most notes are people's: no regular expression for them
            return Optional.empty();
        }
        Matcher m = MARKER.matcher(body);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(READER.readValue(m.group(1), Payload.class));
        } catch (JsonProcessingException e) {
            throw new MalformedMarkerException("unreadable " + NAME + " marker: " + e.getOriginalMessage());
        }
    }

    static String write(Payload payload) {
        try {
            return "<!-- " + NAME + " " + WRITER.writeValueAsString(payload) + " -->";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A QA issue note's type: the package's post-migrations and who brought them. */
    static final String QA = "qa";

    static boolean isQa(Payload payload) {
        return QA.equals(payload.type());
    }

    static boolean isRun(Payload payload) {
        return RUN.equals(payload.type());
    }
}
