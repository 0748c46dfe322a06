package com.gitlab.release.tracker.domain.notes;

/** An issue named as {@code group/project#123}. */
public record IssueRef(String project, long iid) {

    public static IssueRef parse(String text) {
        int hash = text == null ? -1 : text.lastIndexOf('#');
        if (hash <= 0 || hash == text.length() - 1) {
            throw new IllegalArgumentException("expected an issue as group/project#IID, got '" + text + "'");
        }
        try {
            return new IssueRef(text.substring(0, hash).trim(), Long.parseLong(text.substring(hash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an issue as group/project#IID, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return project + "#" + iid;
    }
}
