package com.gitlab.release.tracker.gitlab;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * GitLab's offset-paged lists: the next page from {@code X-Next-Page} or {@code Link: rel="next"}; once the first
 * page says how many there are ({@code X-Total-Pages}), all the others at once, {@code TRACKER_GITLAB_CONCURRENCY}
 * at a time. GitLab leaves the count out above 10,000 rows, and then pages are read one after another.
 */
final class Pages {
    private final Attempts attempts;
    private final int concurrency;

    Pages(Attempts attempts, int concurrency) {
        this.attempts = attempts;
        this.concurrency = concurrency;
    }

    /** The items of a list, a page at a time as they are consumed: a reader that takes a few reads only those pages. */
    <T> Multi<T> oneAfterAnother(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request) {
        return oneAfterAnother(invocation, what, request, 1);
    }

    private <T> Multi<T> oneAfterAnother(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request,
            int firstPage) {
        return Multi.createBy().repeating()
                .uni(() -> new int[] {firstPage}, next -> {
                    int page = next[0];
                    return attempts.call(invocation, what, () -> request.apply(page)).invoke(answer -> next[0] = nextPage(answer));
                })
                .whilst(answer -> nextPage(answer) > 0)
                .onItem().transformToIterable(RestResponse::getEntity);
    }

    /** Every item of a list within {@code maxPages}, in order: the first page, then the others (see {@link #first}). */
    <T> Uni<Listing<T>> all(Invocation invocation, String what, int maxPages, IntFunction<Uni<RestResponse<List<T>>>> request) {
        return first(invocation, what, maxPages, request).chain(FirstPage::all);
    }

    /**
     * The first page of a list; what it says decides how the rest is read: with a count, the other pages at once, else
     * one after another; never more than {@code maxPages} in all (a list longer than that is read in part, and the
     * listing says so).
     */
    <T> Uni<FirstPage<T>> first(Invocation invocation, String what, int maxPages, IntFunction<Uni<RestResponse<List<T>>>> request) {
        return attempts.call(invocation, what, () -> request.apply(1)).map(first -> {
            int next = nextPage(first);
            Optional<Integer> total = totalPages(first);
            Supplier<Uni<Listing<T>>> rest = next <= 0 ? () -> Uni.createFrom().item(new Listing<>(List.of(), true, 0, total))
                    : total.isEmpty() ? () -> oneAtATime(invocation, what, request, next, maxPages - 1, new ArrayList<>(), 0)
                    : () -> atOnce(invocation, what, request, next, Math.min(total.get(), maxPages))
                            .map(items -> new Listing<>(items, total.get() <= maxPages, Math.min(total.get(), maxPages) - 1, total));
            return new FirstPage<>(first.getEntity(), rest, next > 0);
        });
    }

    /** Pages from {@code page} on, one after another, at most {@code left} of them, added to {@code items}. */
    private <T> Uni<Listing<T>> oneAtATime(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request,
            int page, int left, List<T> items, int read) {
        if (left <= 0) {
            return Uni.createFrom().item(new Listing<>(items, false, read, Optional.empty()));
        }
        return attempts.call(invocation, what, () -> request.apply(page)).chain(answer -> {
            items.addAll(answer.getEntity());
            int next = nextPage(answer);
            return next > 0 ? oneAtATime(invocation, what, request, next, left - 1, items, read + 1)
                    : Uni.createFrom().item(new Listing<>(items, true, read + 1, Optional.empty()));
        });
    }

    /** Pages {@code from} to {@code to}, {@code TRACKER_GITLAB_CONCURRENCY} at a time; their items in page order. */
    private <T> Uni<List<T>> atOnce(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request,
            int from, int to) {
        if (to < from) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().range(from, to + 1)
                .onItem().transformToUni(page -> attempts.call(invocation, what, () -> request.apply(page))
                        .map(answer -> Map.entry(page, answer.getEntity())))
                .merge(concurrency)
                .collect().asList()
                .map(pages -> {
                    List<T> all = new ArrayList<>();
                    pages.stream().sorted(Map.Entry.comparingByKey()).forEach(page -> all.addAll(page.getValue()));
                    return all;
                });
    }

    private static Optional<Integer> totalPages(RestResponse<?> answer) {
        int total = pageNumber(answer.getHeaderString("X-Total-Pages"));
        return total > 0 ? Optional.of(total) : Optional.empty();
    }

    /**
     * The next page an offset-paged answer names ({@code X-Next-Page}, else {@code Link: rel="next"}); 0 at the end,
     * and for a header that is no page number (GitLab's data, not the function's crash).
     */
    static int nextPage(RestResponse<?> answer) {
        String next = answer.getHeaderString("X-Next-Page");
        if (next != null) {
            return pageNumber(next);
        }
        return nextLink(answer).map(link -> pageNumber(queryParam(link, "page"))).orElse(0);
    }

    /** A positive page number, else 0. */
    private static int pageNumber(String text) {
        if (text == null || text.isBlank() || text.length() > 9) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The {@code rel="next"} target of the {@code Link} header, as the REST client parses it. */
    static Optional<String> nextLink(RestResponse<?> answer) {
        return Optional.ofNullable(answer.getLink("next")).map(link -> link.getUri().toString());
    }

    /** A query parameter of a URL GitLab sent; null when absent, or when the URL or its value does not parse. */
    static String queryParam(String url, String name) {
        try {
            String query = URI.create(url).getRawQuery();
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (key.equals(name)) {
                    return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
