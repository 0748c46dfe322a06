package com.gitlab.release.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.gitlab.release.tracker.http.FunctionNames;

import io.quarkus.funqy.Funq;

/** Every JSON question is registered once ({@link Functions.Question}): each {@code @Funq} method, with its body and answer. */
class FunctionsTest {

    private static final List<Class<?>> ENTRY_POINTS = List.of(com.gitlab.release.tracker.queries.QueryFunctions.class,
            com.gitlab.release.tracker.packages.RecordPackageFunction.class, com.gitlab.release.tracker.triggers.TriggerFunctions.class);

    @Test
    void everyFunqMethodIsARegisteredQuestionWithItsBodyAndAnswer() {
        Map<String, Functions.Question> registered = Arrays.stream(Functions.Question.values())
                .collect(Collectors.toMap(Functions.Question::route, q -> q));
        int methods = 0;
        for (Class<?> entryPoint : ENTRY_POINTS) {
            for (Method method : entryPoint.getDeclaredMethods()) {
                Funq funq = method.getAnnotation(Funq.class);
                if (funq == null) {
                    continue;
                }
                methods++;
                Functions.Question question = registered.get(funq.value());
                assertThat(question).as(funq.value() + " is registered in Functions.Question").isNotNull();
                assertThat(method.getParameterTypes()).contains(question.body());
            }
        }
        assertThat(methods).isEqualTo(Functions.Question.values().length);
        assertThat(FunctionNames.JSON_FUNCTIONS).containsExactlyInAnyOrderElementsOf(registered.keySet());
    }
}
