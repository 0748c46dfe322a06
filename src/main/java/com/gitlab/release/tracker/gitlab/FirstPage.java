package com.gitlab.release.tracker.gitlab;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * The first page of a list, read on its own so that a caller can start it early (beside other reads) and read the
 * rest only when it turns out to need it.
 */
public final class FirstPage<T> {
    private final List<T> items;
    private final Supplier<Uni<List<T>>> rest;

    FirstPage(List<T> items, Supplier<Uni<List<T>>> rest) {
        this.items = items;
        this.rest = rest;
    }

    /** Every item: this page's, then the other pages', in order. */
    public Uni<List<T>> all() {
        return rest.get().map(others -> {
            if (others.isEmpty()) {
                return items;
            }
            List<T> all = new ArrayList<>(items);
            all.addAll(others);
            return all;
        });
    }
}
