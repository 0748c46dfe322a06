package com.gitlab.release.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The log line's durations: milliseconds to one decimal, as {@code String.format("%.1f")} wrote them before. */
class InvocationLogTest {

    @Test
    void millisecondsToOneDecimal() {
        assertThat(InvocationLog.tenths(4.24)).isEqualTo("4.2");
        assertThat(InvocationLog.tenths(4.25)).isEqualTo("4.3");
        assertThat(InvocationLog.tenths(0.04)).isEqualTo("0.0");
        assertThat(InvocationLog.tenths(0.96)).isEqualTo("1.0");
        assertThat(InvocationLog.tenths(12_345.67)).isEqualTo("12345.7");
        assertThat(InvocationLog.tenths(7)).isEqualTo("7.0");
    }
}
