package com.gitlab.release.tracker.domain.migrations;

/** One file changed between two commits, as a compare reports it. */
public record FileChange(String oldPath, String newPath, boolean newFile, boolean renamedFile, boolean deletedFile) {
}
