package com.gitlab.release.tracker.domain.notes;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whose notes and issues are the function's records. On GitLab.com anyone signed in can comment on a release issue
 * (and copy a note's hidden marker) or open an issue titled like one: only the author tells a record from an
 * imitation. Trusted are the token's own user (by id: a username can be renamed) and the users named in
 * {@code TRACKER_TRUSTED_AUTHORS} (by username, as GitLab compares them: case-insensitively).
 *
 * @param self the token's user, when GitLab named it ({@code GET /user}); empty without a token that GitLab knows
 */
public record RecordAuthors(Optional<Author> self, Set<String> trusted) {

    /** An author as GitLab names one: its id and username (either may be missing from an odd answer). */
    public record Author(Long id, String username) {
    }

    public RecordAuthors {
        Set<String> lower = new TreeSet<>();
        trusted.forEach(name -> lower.add(name.toLowerCase(Locale.ROOT)));
        trusted = Set.copyOf(lower);
    }

    public static RecordAuthors of(Optional<Author> self, Collection<String> trusted) {
        return new RecordAuthors(self, Set.copyOf(trusted));
    }

    /** Whether a note or issue by this author is a record. */
    public boolean trusts(Author author) {
        if (author == null) {
            return false;
        }
        return isSelf(author) || (author.username() != null && trusted.contains(author.username().toLowerCase(Locale.ROOT)));
    }

    /** Whether the token's user wrote it: the function may delete only such a note. */
    public boolean isSelf(Author author) {
        if (author == null || self.isEmpty()) {
            return false;
        }
        Author me = self.get();
        if (me.id() != null && author.id() != null) {
            return me.id().equals(author.id());
        }
        return me.username() != null && me.username().equalsIgnoreCase(author.username());
    }

    /** For readiness and the docs: {@code release-tools-bot (the token's user), gitlab-release-tools-bot}. */
    public String describe() {
        List<String> names = new java.util.ArrayList<>();
        self.map(me -> (me.username() == null ? "user " + me.id() : me.username()) + " (the token's user)").ifPresent(names::add);
        trusted.stream().filter(name -> self.map(me -> !name.equalsIgnoreCase(me.username())).orElse(true)).forEach(names::add);
        return names.isEmpty() ? "nobody (no token GitLab knows, and no TRACKER_TRUSTED_AUTHORS)" : String.join(", ", names);
    }
}
