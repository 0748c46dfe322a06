package com.gitlab.release.tracker.domain.migrations;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What counts as a post-deployment migration, and when a change introduces one.
 * A post-migration is a {@code .rb} file directly inside one of the configured post-migrate folders.
 */
public final class PostMigrationRule {

    private final List<String> folders;

    public PostMigrationRule(Collection<String> folders) {
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("at least one post-migrate folder is needed");
        }
        this.folders = folders.stream().map(String::trim).filter(f -> !f.isEmpty())
                .map(f -> f.endsWith("/") ? f : f + "/").toList();
    }

    /** The file name of a migration path: {@code 20220201173212_add_index.rb} for {@code db/post_migrate/20220201173212_add_index.rb}. */
    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public List<String> folders() {
        return folders;
    }

    public boolean isPostMigration(String path) {
        if (path == null || !path.endsWith(".rb")) {
            return false;
        }
        for (String folder : folders) {
            // A name over 255 characters is no file a file system checks out, so no migration GitLab runs.
            if (path.startsWith(folder) && path.indexOf('/', folder.length()) < 0 && path.length() - folder.length() <= 255) {
                return true;
            }
        }
        return false;
    }

    /**
     * The post-migrations a compare introduces: files added to a post-migrate folder, or renamed into one from
     * outside. Deleted post-migrations, edits of existing ones and renames within the folders introduce nothing.
     */
    public SortedSet<String> introducedBy(Iterable<FileChange> changes) {
        SortedSet<String> introduced = new TreeSet<>();
        for (FileChange change : changes) {
            if (change.deletedFile() || !isPostMigration(change.newPath())) {
                continue;
            }
            if (change.newFile() || (change.renamedFile() && !isPostMigration(change.oldPath()))) {
                introduced.add(change.newPath());
            }
        }
        return introduced;
    }

    /** The post-migrations present in {@code after} and not in {@code before} (folder listings at two commits). */
    public SortedSet<String> introducedBetween(Set<String> before, Collection<String> after) {
        SortedSet<String> introduced = new TreeSet<>();
        for (String path : after) {
            if (isPostMigration(path) && !before.contains(path)) {
                introduced.add(path);
            }
        }
        return introduced;
    }
}
