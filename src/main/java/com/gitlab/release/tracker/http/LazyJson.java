package com.gitlab.release.tracker.http;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Jackson builds a type's (de)serializer when it is first used, not when a reader or writer for it is made: Funqy
 * makes one of each for every function when the process starts, and resolving them all eagerly (every answer's
 * records, their fields' types) was a third of a second of the start on 2 cores. Each is now built by the first call
 * that needs it, which pays only for its own types.
 */
@Singleton
public class LazyJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.EAGER_DESERIALIZER_FETCH);
        mapper.disable(SerializationFeature.EAGER_SERIALIZER_FETCH);
    }
}
