package com.gitlab.release.tracker.gitlab;

import java.util.List;
import java.util.Optional;

/**
 * The items of a list read up to a bound on its pages: {@code complete} false when pages were left unread (the
 * list is longer than the bound), with how many were read and, when GitLab says, how many there are.
 */
public record Listing<T>(List<T> items, boolean complete, int pagesRead, Optional<Integer> totalPages) {

    public Listing {
        items = List.copyOf(items);
    }

    /** What was left unread, for an answer: {@code "the first 50 of 70 pages"}; empty when complete. */
    public Optional<String> unread() {
        if (complete) {
            return Optional.empty();
        }
        return Optional.of("the first " + pagesRead + totalPages.map(total -> " of " + total).orElse(" of more") + " pages");
    }
}
