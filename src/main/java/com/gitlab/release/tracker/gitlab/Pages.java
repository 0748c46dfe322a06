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

    /** Every item of a list, in order: the first page, then the others (see {@link #first}). */
    <T> Uni<List<T>> all(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request) {
        return first(invocation, what, request).chain(FirstPage::all);
    }

    /** The first page of a list; what it says decides how the rest is read. */
    <T> Uni<FirstPage<T>> first(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request) {
        return attempts.call(invocation, what, () -> request.apply(1)).map(first -> {
            int next = nextPage(first);
            Optional<Integer> total = totalPages(first);
            Supplier<Uni<List<T>>> rest = next <= 0 ? () -> Uni.createFrom().item(List.of())
                    : total.isEmpty() ? () -> oneAfterAnother(invocation, what, request, next).collect().asList()
                    : () -> atOnce(invocation, what, request, next, total.get());
            return new FirstPage<>(first.getEntity(), rest);
        });
    }

    /** Pages {@code from} to {@code to}, {@code TRACKER_GITLAB_CONCURRENCY} at a time; their items in page order. */
    private <T> Uni<List<T>> atOnce(Invocation invocation, String what, IntFunction<Uni<RestResponse<List<T>>>> request,
            int from, int to) {
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
        String total = answer.getHeaderString("X-Total-Pages");
        if (total == null || total.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(total.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The next page an offset-paged answer names ({@code X-Next-Page}, else {@code Link: rel="next"}); 0 at the end. */
    static int nextPage(RestResponse<?> answer) {
        String next = answer.getHeaderString("X-Next-Page");
        if (next != null) {
            return next.isBlank() ? 0 : Integer.parseInt(next.trim());
        }
        return nextLink(answer).map(link -> queryParam(link, "page")).map(Integer::parseInt).orElse(0);
    }

    /** The {@code rel="next"} target of the {@code Link} header, as the REST client parses it. */
    static Optional<String> nextLink(RestResponse<?> answer) {
        return Optional.ofNullable(answer.getLink("next")).map(link -> link.getUri().toString());
    }

    static String queryParam(String url, String name) {
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
    }
}
