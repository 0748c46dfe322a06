package com.gitlab.release.tracker.gitlab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.gitlab.release.tracker.domain.migrations.FileChange;

@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabDiff(String oldPath, String newPath, boolean newFile, boolean renamedFile, boolean deletedFile) {

    public FileChange toFileChange() {
        return new FileChange(oldPath, newPath, newFile, renamedFile, deletedFile);
    }
}
