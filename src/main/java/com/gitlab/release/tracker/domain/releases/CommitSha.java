package com.gitlab.release.tracker.domain.releases;

import java.util.Locale;

import com.gitlab.release.tracker.domain.BadInputException;
import com.gitlab.release.tracker.domain.Input;

/** A full or abbreviated Git commit SHA (7 to 40 hex characters), kept in lower case. */
public record CommitSha(String value) {

    public CommitSha {
        if (!isSha(value)) {
            throw new BadInputException("'" + Input.shown(value) + "' is not a commit SHA; expected 7 to 40 hexadecimal characters");
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    /** 7 to 40 hexadecimal characters, either case: checked character by character. */
    public static boolean isSha(String text) {
        if (text == null || text.length() < 7 || text.length() > 40) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** True when both name the same commit: one is a prefix of the other. */
    public boolean sameCommit(CommitSha other) {
        return other != null && (value.startsWith(other.value) || other.value.startsWith(value));
    }

    /** True when {@code text} is a SHA of the same commit (GitLab's answers may carry none, or an odd one). */
    public boolean sameCommit(String text) {
        return isSha(text) && sameCommit(new CommitSha(text));
    }

    public String shortSha() {
        return value.length() > 11 ? value.substring(0, 11) : value;
    }

    @Override
    public String toString() {
        return value;
    }
}
