package com.gitlab.release.tracker.domain.notes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.migrations.MergeRequest;
import com.gitlab.release.tracker.domain.migrations.MigrationRisk;

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
    /**
     * The longest note the function writes ({@link NoteBudget}), and so the longest read as a record: a tenth of
     * GitLab's own limit on a note (1,000,000 characters). A longer text is no note of the function's: it is not
     * kept when the notes are read, nor scanned.
     */
    public static final int MAX_NOTE = 100_000;
    private static final String OPEN = "<!--";
    private static final String CLOSE = "-->";
    private static final ObjectMapper READER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /**
     * Escapes '<' and '>' inside JSON strings so that no value can close the HTML comment, and '@'; and every
     * character past ASCII, so that the marker holds no character that reorders or hides text (U+202E) either.
     */
    private static final ObjectMapper WRITER = new ObjectMapper();

    static {
        WRITER.getFactory().enable(com.fasterxml.jackson.core.JsonGenerator.Feature.ESCAPE_NON_ASCII);
        WRITER.getFactory().setCharacterEscapes(new CharacterEscapes() {
            private final int[] escapes;

            {
                escapes = CharacterEscapes.standardAsciiEscapesForJSON();
                escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
                escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
                // No mention in the marker either: a value's @ is written \u0040.
                escapes['@'] = CharacterEscapes.ESCAPE_STANDARD;
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
            List<String> postMigrations, Map<String, MergeRequest> mergeRequests, Map<String, MigrationRisk> rollbackRisks,
            String writer) {

        Payload(int version, String type, String packageName, String release, String environment, Long deploymentId,
                String executedAt, String sha, String previousSha, List<String> postMigrations,
                Map<String, MergeRequest> mergeRequests, Map<String, MigrationRisk> rollbackRisks) {
            this(version, type, packageName, release, environment, deploymentId, executedAt, sha, previousSha, postMigrations,
                    mergeRequests, rollbackRisks, null);
        }

        /** A marker is text anyone could have shaped: null items are no items. */
        Payload {
            postMigrations = postMigrations == null ? null : postMigrations.stream().filter(Objects::nonNull).toList();
            mergeRequests = present(mergeRequests);
            rollbackRisks = present(rollbackRisks);
        }

        private static <V> Map<String, V> present(Map<String, V> map) {
            if (map == null) {
                return null;
            }
            Map<String, V> present = new HashMap<>();
            map.forEach((path, value) -> {
                if (path != null && value != null) {
                    present.put(path, value);
                }
            });
            return present;
        }
    }

    /** Thrown for a note whose marker cannot be read. */
    public static final class MalformedMarkerException extends RuntimeException {
        MalformedMarkerException(String message) {
            super(message);
        }
    }

    /**
     * The payload of the marker in a note body; empty when the note has none (a person's comment, another tool's) or
     * is longer than {@value #MAX_NOTE} characters. Found by a plain scan, in time linear in the body's length: a
     * note is anyone's text, and a backtracking pattern over {@code <!-- post-migration-tracker} and 4,000 spaces
     * took 22 s.
     */
    static Optional<Payload> read(String body) {
        Optional<String> json = payloadText(body);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        Payload payload;
        try {
            payload = READER.readValue(json.get(), Payload.class);
        } catch (JsonProcessingException e) {
            throw new MalformedMarkerException("unreadable " + NAME + " marker: " + Input.shown(e.getOriginalMessage()));
        }
        if (payload == null) { // the JSON null
            throw new MalformedMarkerException(NAME + " marker holds no record");
        }
        return Optional.of(payload);
    }

    /**
     * The JSON of the first marker: after {@code <!--}, white space, the name and white space, up to the first
     * {@code -->}. Each character is looked at a bounded number of times: a comment that is not the marker is
     * passed at its first other character, and the close is looked for once.
     */
    static Optional<String> payloadText(String body) {
        if (body == null || body.length() > MAX_NOTE || !body.contains(NAME)) { // most notes are people's
            return Optional.empty();
        }
        for (int open = body.indexOf(OPEN); open >= 0; open = body.indexOf(OPEN, open + OPEN.length())) {
            int name = skipWhitespace(body, open + OPEN.length());
            int after = name + NAME.length();
            if (!body.startsWith(NAME, name) || after >= body.length() || !Character.isWhitespace(body.charAt(after))) {
                continue;
            }
            int close = body.indexOf(CLOSE, after);
            return close < 0 ? Optional.empty() : Optional.of(body.substring(after, close).strip());
        }
        return Optional.empty();
    }

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Whether a note carries the function's marker (however it reads): an imitation is then worth reporting. */
    public static boolean hasMarker(String body) {
        return payloadText(body).isPresent();
    }

    /**
     * The kind of record a marked note claims to be: {@code package}, {@code run}, {@code qa}, {@code notice}; empty
     * when unreadable.
     */
    public static Optional<String> claimedKind(String body) {
        try {
            return read(body).map(payload -> RUN.equals(payload.type()) ? "run" : QA.equals(payload.type()) ? "qa"
                    : NOTICE.equals(payload.type()) ? "notice" : "package");
        } catch (MalformedMarkerException e) {
            return Optional.empty();
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

    /** A run notice's type: a post-deploy migration run that has started, what it will execute. */
    static final String NOTICE = "notice";

    static boolean isNotice(Payload payload) {
        return NOTICE.equals(payload.type());
    }

    static boolean isRun(Payload payload) {
        return RUN.equals(payload.type());
    }
}
