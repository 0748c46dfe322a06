package com.gitlab.release.tracker.http;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.gitlab.release.tracker.domain.Input;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Text in a caller's JSON body is text: a string holding half of a UTF-16 surrogate pair ({@code "\\ud800"}, which
 * JSON allows and no character is) is refused while the body is read, so that the caller gets a 400 naming the
 * field instead of a failure deep in a GitLab request. Only the function's own request types are held to it; what
 * GitLab answers is read as it comes.
 */
@Singleton
public class CallerText implements ObjectMapperCustomizer {

    private static final String OWN = "com.gitlab.release.tracker.";
    private static final String GITLAB_ANSWERS = "com.gitlab.release.tracker.gitlab.";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("caller-text").addDeserializer(String.class, new Strict(false)));
    }

    private static final class Strict extends JsonDeserializer<String> implements ContextualDeserializer {
        private final boolean strict;

        Strict(boolean strict) {
            this.strict = strict;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            String owner = property == null || property.getMember() == null ? "" : property.getMember().getDeclaringClass().getName();
            return new Strict(owner.startsWith(OWN) && !owner.startsWith(GITLAB_ANSWERS));
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            int at = strict ? Input.unpairedSurrogate(value) : -1;
            if (at >= 0) {
                throw InvalidFormatException.from(parser, "not text: half of a UTF-16 surrogate pair (\\u"
                        + Integer.toHexString(value.charAt(at)) + ") at character " + at, null, String.class);
            }
            return value;
        }
    }
}
