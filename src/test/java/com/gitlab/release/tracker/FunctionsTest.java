package com.gitlab.release.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.http.FunctionNames;

/** Every JSON function has its body type known, so that a body funqy cannot bind is explained. */
class FunctionsTest {

    @Test
    void everyJsonFunctionHasItsBodyType() {
        Functions functions = new Functions();
        assertThat(FunctionNames.JSON_FUNCTIONS).allSatisfy(name -> assertThat(functions.of(name)).as(name).isPresent());
        assertThat(functions.of(FunctionNames.SLACK)).isEmpty();
    }
}
