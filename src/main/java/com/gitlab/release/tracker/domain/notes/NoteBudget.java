package com.gitlab.release.tracker.domain.notes;

import java.util.function.BiFunction;

import com.gitlab.release.tracker.domain.TrackerException;

/**
 * Every note the function writes stays within {@link NoteMarker#MAX_NOTE} characters, well below GitLab's million,
 * so that it is always read back whole and stays exactly one: a note is rendered in full; when that is too long,
 * briefly (the rollback risks without their operations, no merge requests); then with fewer post-migrations listed
 * in its text (the marker still names them all), halving until it fits. A record whose marker alone does not fit is
 * refused, never written in part.
 */
final class NoteBudget {

    private NoteBudget() {
    }

    /**
     * @param render the note at a level of detail ({@code true}: full) with at most so many post-migrations listed
     * @param listed how many post-migrations the record has
     * @param what names the record in the refusal
     */
    static String fit(BiFunction<Boolean, Integer, String> render, int listed, String what) {
        String full = render.apply(true, listed);
        if (full.length() <= NoteMarker.MAX_NOTE) {
            return full;
        }
        for (int shown = listed; ; shown /= 2) {
            String brief = render.apply(false, shown);
            if (brief.length() <= NoteMarker.MAX_NOTE) {
                return brief;
            }
            if (shown == 0) {
                throw new TrackerException(422, "the note for " + what + " would be longer than " + NoteMarker.MAX_NOTE
                        + " characters even with no post-migration listed in its text; not writing it in part");
            }
        }
    }

    /** The line that stands for the post-migrations left out of a note's text. */
    static String more(int left) {
        return "- … and " + left + " more post-deployment migration" + (left == 1 ? "" : "s")
                + " (left out to keep this note short; the hidden marker names them all)\n";
    }

    /** Said under a brief note's list. */
    static final String BRIEF = "\n_Operations and merge requests are left out of this note to keep it short; ask the"
            + " function (`which-package`) for them._\n";
}
