/**
 * The HTTP edge that Funqy needs around the functions, one class per concern on every route. Funqy binds JSON
 * bodies to a method and answers 200 with its result, and nothing more: it maps every exception to a 500 and an
 * unreadable body to a bare 400, has no notion of a caller's secret, of a 202, or of a time budget per call. So:
 * {@link com.gitlab.release.tracker.http.Authentication} (the function secret, before anything runs),
 * {@link com.gitlab.release.tracker.http.JsonErrors} (errors as JSON with their status, unreadable bodies explained,
 * unknown paths), {@link com.gitlab.release.tracker.http.InvocationLog} (each call's GitLab budget and its log
 * line), {@link com.gitlab.release.tracker.http.ResponseStatus} (a 202 for accepted work),
 * {@link com.gitlab.release.tracker.http.BudgetedWork} (an answer within a caller's wait, the rest after) and
 * {@link com.gitlab.release.tracker.http.FunctionNames} (the routes). Nothing here knows a use case: the body types
 * come through {@link com.gitlab.release.tracker.http.JsonBodies}.
 */
package com.gitlab.release.tracker.http;
