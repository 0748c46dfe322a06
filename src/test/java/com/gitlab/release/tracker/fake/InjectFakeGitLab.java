package com.gitlab.release.tracker.fake;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the test's field that gets the fake GitLab {@link FakeGitLabResource} started for the test's profile. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectFakeGitLab {
}
