package com.gitlab.release.tracker.http;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * A field the function does not know in a caller's JSON body ({@code {"migraton": ...}}) is refused while the body is
 * read, so that the 400 names it instead of the field it was meant to be; the mapper otherwise skips unknown fields,
 * as GitLab's answers and webhooks need.
 */
@Singleton
public class UnknownFields implements ObjectMapperCustomizer {

    private final JsonBodies bodies;

    public UnknownFields(JsonBodies bodies) {
        this.bodies = bodies;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser, JsonDeserializer<?> deserializer,
                    Object beanOrClass, String propertyName) throws IOException {
                Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass == null ? null : beanOrClass.getClass();
                if (type != null && bodies.writtenByCaller(type)) {
                    throw UnrecognizedPropertyException.from(parser, beanOrClass, propertyName, deserializer.getKnownPropertyNames());
                }
                return false;
            }
        });
    }
}
