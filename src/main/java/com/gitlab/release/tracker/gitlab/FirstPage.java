package com.gitlab.release.tracker.gitlab;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * The first page of a list, read on its own so that a caller can start it early (beside other reads) and read the
 * rest only when it turns out to need it: at most the pages the list's bound allows.
 */
public final class FirstPage<T> {
    private final List<T> items;
    private final Supplier<Uni<Listing<T>>> rest;
    private final boolean more;

    FirstPage(List<T> items, Supplier<Uni<Listing<T>>> rest, boolean more) {
        this.items = items;
        this.rest = rest;
        this.more = more;
    }

    /** Whether the list goes on after this page. */
    public boolean hasMore() {
        return more;
    }

    /** Every item within the bound: this page's, then the other pages', in order; says whether pages were left. */
    public Uni<Listing<T>> all() {
        return rest.get().map(others -> {
            List<T> all = others.items().isEmpty() ? items : new ArrayList<>(items);
            if (!others.items().isEmpty()) {
                all.addAll(others.items());
            }
            return new Listing<>(all, others.complete(), others.pagesRead() + 1, others.totalPages());
        });
    }
}
