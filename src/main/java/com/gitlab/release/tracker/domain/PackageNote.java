package com.gitlab.release.tracker.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one place that writes and reads the package note: readable Markdown for people, plus a hidden HTML comment
 * (the marker) that carries the record as JSON. Parsing reads only the marker, so people may edit the visible text.
 *
 * <pre>{@code <!-- post-migration-tracker {"v":1,"package":"14.8...","release":"14.8","sha":"...","previousSha":"...","postMigrations":[...]} -->}</pre>
 */
public final class PackageNote {

    static final String MARKER_NAME = "post-migration-tracker";
    private static final Pattern MARKER = Pattern.compile("<!--\\s*" + MARKER_NAME + "\\s+(.*?)\\s*-->", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private PackageNote() {
    }

    /** The marker's JSON payload. {@code v} lets a later format be told apart. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Marker(@JsonProperty("v") int version, @JsonProperty("package") String packageName, String release,
            String sha, String previousSha, List<String> postMigrations) {
    }

    /** Thrown by {@link #parse} for a note that has a marker whose content cannot be read. */
    public static final class MalformedMarkerException extends RuntimeException {
        MalformedMarkerException(String message) {
            super(message);
        }
    }

    /**
     * The note for a package.
     *
     * @param previousLabel the package or commit it was compared with
     * @param environment the environment that baseline came from, or null when the caller named it
     * @param compareUrl GitLab's compare page for the two commits, or null
     */
    public static String render(PackageRecord record, String previousLabel, String environment, String compareUrl) {
        StringBuilder md = new StringBuilder();
        md.append(marker(record)).append('\n');
        md.append("#### Post-deployment migrations in ").append(Markdown.code(record.packageName())).append("\n\n");
        int count = record.postMigrations().size();
        md.append("This package adds ").append(count).append(count == 1 ? " post-deployment migration" : " post-deployment migrations")
                .append(" compared with ").append(Markdown.code(previousLabel));
        if (environment != null) {
            md.append(" (then on ").append(Markdown.code(environment)).append(')');
        }
        if (compareUrl != null) {
            md.append(" ([compare](").append(Markdown.url(compareUrl)).append("))");
        }
        md.append(":\n\n");
        for (String path : record.postMigrations()) {
            md.append("- ").append(Markdown.code(path)).append('\n');
        }
        md.append("\nOnce they have run on production, rolling back to a package older than this one is no longer safe.\n");
        return md.toString();
    }

    /** The record in a note body; empty when the note has no marker (a person's comment, another tool's note). */
    public static Optional<PackageRecord> parse(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher m = MARKER.matcher(body);
        if (!m.find()) {
            return Optional.empty();
        }
        Marker marker;
        try {
            marker = JSON.readValue(m.group(1), Marker.class);
        } catch (JsonProcessingException e) {
            throw new MalformedMarkerException("unreadable " + MARKER_NAME + " marker: " + e.getOriginalMessage());
        }
        if (marker.packageName() == null || marker.packageName().isBlank()) {
            throw new MalformedMarkerException(MARKER_NAME + " marker names no package");
        }
        List<String> migrations = marker.postMigrations() == null ? List.of()
                : new ArrayList<>(marker.postMigrations()).stream().sorted().toList();
        return Optional.of(new PackageRecord(marker.packageName(), marker.sha(), marker.previousSha(), migrations,
                marker.release()));
    }

    static String marker(PackageRecord record) {
        Marker marker = new Marker(1, record.packageName(), record.release(), record.sha(), record.previousSha(),
                record.postMigrations());
        try {
            return "<!-- " + MARKER_NAME + " " + MARKER_WRITER.writeValueAsString(marker) + " -->";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Escapes '<' and '>' inside JSON strings so that no value can close the HTML comment. */
    private static final ObjectMapper MARKER_WRITER = new ObjectMapper();

    static {
        MARKER_WRITER.getFactory().setCharacterEscapes(new CharacterEscapes() {
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
}
