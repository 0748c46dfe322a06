package com.gitlab.release.tracker.notes;

import com.gitlab.release.tracker.gitlab.GitLabIssue;

/** An issue that holds package notes, with the project it lives in. */
public record NoteIssue(String project, GitLabIssue issue) {

    public long iid() {
        return issue.iid();
    }

    public String webUrl() {
        return issue.webUrl();
    }

    public String noteUrl(long noteId) {
        return issue.webUrl() + "#note_" + noteId;
    }

    public String title() {
        return issue.title();
    }
}
