package com.gitlab.release.tracker.gitlab;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import com.gitlab.release.tracker.config.TrackerConfig;

/** Sends the configured token as {@code PRIVATE-TOKEN}; sends none when no token is configured. */
@ApplicationScoped
public class GitLabHeaders implements ClientHeadersFactory {

    @Inject
    TrackerConfig config;

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        config.gitlab().token().ifPresent(t -> headers.add("PRIVATE-TOKEN", t));
        return headers;
    }
}
