package com.gitlab.release.tracker.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.gitlab.release.tracker.domain.notes.Markdown;
import com.gitlab.release.tracker.domain.Input;
import com.gitlab.release.tracker.domain.TrackerException;
import com.google.re2j.Pattern;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Errors as JSON with the right status, on every route: {@code {"error": "<what is wrong and what to do>"}} (on
 * {@code /chatops}, the same as a plain text line).
 * Funqy answers 500 for every exception and a bare 400 for a body it cannot read; this maps the function's own
 * errors to their status, explains unreadable bodies, and answers unknown paths with the list of routes.
 */
@ApplicationScoped
public class JsonErrors {
    private static final Logger LOG = Logger.getLogger(JsonErrors.class);

    /** A quoted value longer than {@link Input#SHOWN}: linear-time (re2j), the value is the caller's. */
    private static final Pattern LONG_QUOTED = Pattern.compile("\"([^\"]{" + Input.SHOWN + "})[^\"]+\"");

    /** A Java type as Jackson names it ({@code `com.gitlab...WhichPackage$Request`}, {@code `java.lang.String`}). */
    private static final Pattern JAVA_TYPE = Pattern.compile("`[A-Za-z0-9_.$\\[\\]<>, ]+`");

    private final ObjectMapper json;
    private final JsonBodies bodies;

    public JsonErrors(ObjectMapper json, JsonBodies bodies) {
        this.json = json;
        this.bodies = bodies;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answerError);
        // Reached only when no route matched: answer JSON rather than Quarkus' HTML page.
        router.route().order(Integer.MAX_VALUE).handler(ctx -> respond(ctx, 404, unknownPath(ctx)));
    }

    private static String unknownPath(RoutingContext ctx) {
        return "no function at " + ctx.request().path() + ": the functions are " + String.join(", ", FunctionNames.paths());
    }

    private void answerError(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        TrackerException known = find(failure);
        if (known != null) {
            respond(ctx, known.status(), known.getMessage());
            return;
        }
        int status = ctx.statusCode();
        if (failure == null && status == 400) {
            respond(ctx, 400, describeUnreadableBody(ctx));
        } else if (failure == null && status == 404) {
            respond(ctx, 404, unknownPath(ctx));
        } else if (failure == null && status == 405) {
            respond(ctx, 405, "use POST with a JSON body");
        } else if (failure == null && status == 413) {
            respond(ctx, 413, "the request body is too large: more than " + BODY_LIMIT + " (a command or a JSON question is far smaller)");
        } else if (failure == null && status > 0) {
            respond(ctx, status, "request failed with status " + status);
        } else if (status >= 400 && status < 500) {
            // The body could not be read at all (a form field past the form decoder's bound, too many fields).
            boolean tooLarge = causedBy(failure, "TooLongFormFieldException") || causedBy(failure, "ErrorDataDecoderException")
                    || failure instanceof java.io.IOException;
            respond(ctx, tooLarge ? 413 : status, tooLarge ? "a form field is larger than " + FORM_FIELD + " (a Slack command's"
                    + " text fits; send JSON to the other functions)" : "the request body could not be read");
        } else {
            LOG.error("unexpected failure", failure);
            respond(ctx, 500, "internal error: " + (failure == null ? "unknown" : failure.getClass().getSimpleName())
                    + "; see the function's log");
        }
    }

    /** The body bound of every route ({@code quarkus.http.limits.max-body-size}, the chat routes' body handlers). */
    private static final String BODY_LIMIT = "1 MiB";

    /** The form field bound, as application.properties sets it ({@code quarkus.http.limits.max-form-attribute-size}). */
    private static final String FORM_FIELD = "64 KB";

    private static boolean causedBy(Throwable failure, String simpleName) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals(simpleName)) {
                return true;
            }
        }
        return false;
    }

    private static TrackerException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TrackerException known) {
                return known;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Funqy drops the reason a body could not be read; read it again to tell the caller what is wrong. */
    private String describeUnreadableBody(RoutingContext ctx) {
        String name = ctx.request().path().replaceFirst("^/", "");
        Class<?> input = bodies.of(name).orElse(null);
        var body = ctx.body() == null ? null : ctx.body().buffer();
        if (input == null || body == null) {
            return "the request body could not be read as JSON";
        }
        try {
            json.readValue(body.getBytes(), input);
            return "the request body could not be read as JSON";
        } catch (UnrecognizedPropertyException e) {
            return "the request body of /" + name + " has a field it does not know: '" + Input.shown(e.getPropertyName())
                    + "'; its fields are " + fieldsOf(e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            boolean root = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && mapping.getPath().isEmpty();
            if (root && e instanceof MismatchedInputException) {
                return "the request body of /" + name + " must be one JSON object, such as " + example(input) + where;
            }
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? " in field '" + mapping.getPath().get(mapping.getPath().size() - 1).getFieldName() + "'"
                    : "";
            // Jackson quotes the value it could not read: at most the first Input.SHOWN characters of it come back;
            // it names the function's own types, which say nothing to a caller.
            String reason = jsonWords(LONG_QUOTED.matcher(e.getOriginalMessage()).replaceAll("\"$1…\""));
            return "the request body is not valid for /" + name + field + where + ": " + reason;
        } catch (java.io.IOException e) {
            return "the request body could not be read as JSON";
        }
    }

    /**
     * Jackson's message with each Java type it names said as JSON says it ({@code `java.lang.String`}: a string,
     * {@code `java.lang.Boolean`}: true or false): a caller learns what would be right, not the function's classes.
     */
    private static String jsonWords(String message) {
        com.google.re2j.Matcher types = JAVA_TYPE.matcher(message);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (types.find()) {
            out.append(message, at, types.start()).append(jsonWord(types.group()));
            at = types.end();
        }
        return out.append(message.substring(at)).toString();
    }

    private static String jsonWord(String type) {
        String name = type.substring(1, type.length() - 1);
        return switch (name) {
            case "java.lang.String", "char", "java.lang.Character" -> "a string";
            case "boolean", "java.lang.Boolean" -> "true or false";
            case "int", "long", "short", "java.lang.Integer", "java.lang.Long", "java.lang.Short" -> "a whole number";
            case "double", "float", "java.lang.Double", "java.lang.Float", "java.math.BigDecimal" -> "a number";
            case "JsonToken.START_ARRAY" -> "an array";
            case "JsonToken.START_OBJECT" -> "an object";
            case "JsonToken.VALUE_STRING" -> "a string";
            case "JsonToken.VALUE_NUMBER_INT", "JsonToken.VALUE_NUMBER_FLOAT" -> "a number";
            case "JsonToken.VALUE_TRUE", "JsonToken.VALUE_FALSE" -> "true or false";
            case "JsonToken.VALUE_NULL" -> "null";
            default -> name.startsWith("java.util.List") || name.endsWith("[]") ? "a list" : name.startsWith("java.util.Map")
                    || name.startsWith("com.gitlab.") ? "an object" : "a value";
        };
    }

    /** The fields a body type knows, sorted: {@code 'migration', 'release'}. */
    private static String fieldsOf(java.util.Collection<Object> known) {
        return known == null || known.isEmpty() ? "none" : known.stream().map(String::valueOf).sorted().map(f -> "'" + f + "'")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** {@code {"migration": "...", "release": "..."}}: the body's fields, as a shape to fill in. */
    private String example(Class<?> input) {
        var fields = json.getDeserializationConfig().introspect(json.constructType(input)).findProperties().stream()
                .map(p -> "\"" + p.getName() + "\": ...").sorted().toList();
        return "{" + String.join(", ", fields) + "}";
    }

    /**
     * Ends the exchange with {@code {"error": message}}, unless an answer was already sent. On {@code /chatops} the
     * error is the plain text line the ChatOps job prints into the channel.
     */
    public static void respond(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.request().path().equals("/" + FunctionNames.CHATOPS)) {
            // Printed by the ChatOps job into Slack: escaped as Slack replies are.
            String shown = Markdown.slackEscaped(Markdown.oneLine("Sorry: " + message));
            ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(shown + "\n");
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
