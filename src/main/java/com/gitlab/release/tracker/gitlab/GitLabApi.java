package com.gitlab.release.tracker.gitlab;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The GitLab REST endpoints the function uses, non-blocking but for two: each answer is a {@link Uni}, with the headers
 * ({@link RestResponse}) where pagination needs them. {@code project} is a full path such as
 * {@code gitlab-org/security/gitlab} (sent encoded as one segment) or a numeric id. Call it through {@link GitLab},
 * which adds the invocation's budget and retries.
 */
@RegisterRestClient(configKey = "gitlab")
@RegisterClientHeaders(GitLabHeaders.class)
@Path("/api/v4")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface GitLabApi {

    /** Every answer of 400 or more becomes the function's error for it, here and nowhere else. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response, URI uri) {
        return GitLabErrors.of(response, uri);
    }

    /**
     * Blocking, as the notes are: a compare can be tens of MB, and {@link CompareReader} reads it as a stream so it is
     * never held whole. {@link GitLab} runs it on a worker thread.
     */
    @GET
    @Path("/projects/{project}/repository/compare")
    InputStream compare(@PathParam("project") String project, @QueryParam("from") String from,
            @QueryParam("to") String to);

    @GET
    @Path("/projects/{project}/repository/tree")
    Uni<RestResponse<List<GitLabTreeEntry>>> tree(@PathParam("project") String project, @QueryParam("path") String path,
            @QueryParam("ref") String ref, @QueryParam("per_page") int perPage,
            @QueryParam("pagination") String pagination, @QueryParam("page_token") String pageToken,
            @QueryParam("page") Integer page);

    /** The text of a file at a commit. {@code path} is sent encoded as one segment. */
    @GET
    @Path("/projects/{project}/repository/files/{path}/raw")
    @Produces(MediaType.TEXT_PLAIN)
    Uni<String> rawFile(@PathParam("project") String project, @PathParam("path") String path, @QueryParam("ref") String ref);

    /** 200 when the file exists at the commit, 404 when not; the answer has no body. */
    @HEAD
    @Path("/projects/{project}/repository/files/{path}")
    Uni<RestResponse<Void>> fileHead(@PathParam("project") String project, @PathParam("path") String path,
            @QueryParam("ref") String ref);

    /** A commit by SHA, branch or tag name. */
    @GET
    @Path("/projects/{project}/repository/commits/{ref}")
    Uni<GitLabCommit> commit(@PathParam("project") String project, @PathParam("ref") String ref);

    /** A file's history at a ref, newest first, without totals: paged to the end to reach the commit that added it. */
    @GET
    @Path("/projects/{project}/repository/commits")
    Uni<RestResponse<List<GitLabCommit>>> commits(@PathParam("project") String project, @QueryParam("ref_name") String ref,
            @QueryParam("path") String path, @QueryParam("first_parent") boolean firstParent,
            @QueryParam("per_page") int perPage, @QueryParam("page") int page);

    /** The MRs of this project that hold a commit (GitLab finds only the asked project's). */
    @GET
    @Path("/projects/{project}/repository/commits/{sha}/merge_requests")
    Uni<List<GitLabMergeRequest>> commitMergeRequests(@PathParam("project") String project, @PathParam("sha") String sha);

    @GET
    @Path("/projects/{project}/merge_requests/{iid}")
    Uni<GitLabMergeRequest> mergeRequest(@PathParam("project") String project, @PathParam("iid") long iid);

    @GET
    @Path("/projects/{project}/deployments")
    Uni<RestResponse<List<GitLabDeployment>>> deployments(@PathParam("project") String project,
            @QueryParam("environment") String environment, @QueryParam("status") String status,
            @QueryParam("order_by") String orderBy, @QueryParam("sort") String sort,
            @QueryParam("per_page") int perPage, @QueryParam("page") int page);

    @POST
    @Path("/projects/{project}/deployments")
    Uni<GitLabDeployment> createDeployment(@PathParam("project") String project, GitLabDeployment.Create deployment);

    /** The project itself: its default branch. */
    @GET
    @Path("/projects/{project}")
    Uni<GitLabProject> project(@PathParam("project") String project);

    @GET
    @Path("/projects/{project}/deployments/{id}")
    Uni<GitLabDeployment> deployment(@PathParam("project") String project, @PathParam("id") long id);

    @GET
    @Path("/projects/{project}/issues")
    Uni<RestResponse<List<GitLabIssue>>> issues(@PathParam("project") String project, @QueryParam("search") String search,
            @QueryParam("in") String in, @QueryParam("state") String state, @QueryParam("order_by") String orderBy,
            @QueryParam("sort") String sort, @QueryParam("per_page") int perPage, @QueryParam("page") int page,
            @QueryParam("author_id") Long authorId, @QueryParam("author_username") String authorUsername);

    @GET
    @Path("/projects/{project}/issues/{iid}")
    Uni<GitLabIssue> issue(@PathParam("project") String project, @PathParam("iid") long iid);

    /**
     * Blocking, like the compare: anyone may write notes of a million characters, so a page is read as a stream
     * ({@link NotesReader}) on a worker thread, never held whole.
     */
    @GET
    @Path("/projects/{project}/issues/{iid}/notes")
    Response notes(@PathParam("project") String project, @PathParam("iid") long iid,
            @QueryParam("sort") String sort, @QueryParam("order_by") String orderBy,
            @QueryParam("per_page") int perPage, @QueryParam("page") int page);

    @POST
    @Path("/projects/{project}/issues/{iid}/notes")
    Uni<GitLabNote> createNote(@PathParam("project") String project, @PathParam("iid") long iid, GitLabNote.Create note);

    /** The token's own user: whose notes and issues are the function's records. */
    @GET
    @Path("/user")
    Uni<GitLabUser> currentUser();

    /** A note's new body ({@code PUT}): the function edits only its own notes (a run notice, when the run failed). */
    @PUT
    @Path("/projects/{project}/issues/{iid}/notes/{noteId}")
    Uni<GitLabNote> updateNote(@PathParam("project") String project, @PathParam("iid") long iid, @PathParam("noteId") long noteId,
            GitLabNote.Create note);

    @DELETE
    @Path("/projects/{project}/issues/{iid}/notes/{noteId}")
    Uni<Void> deleteNote(@PathParam("project") String project, @PathParam("iid") long iid, @PathParam("noteId") long noteId);
}
