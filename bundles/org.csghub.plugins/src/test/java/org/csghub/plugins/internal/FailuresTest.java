package org.csghub.plugins.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void summarizesAnScrTraceToItsFirstLineAndRootCause() {
        String trace = """
                java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
                \tat org.apache.felix.scr.impl.inject.internal.ComponentConstructorImpl.newInstance(ComponentConstructorImpl.java:326)
                Caused by: java.lang.IllegalStateException: no license key
                \tat com.acme.Failing.<init>(Failing.java:10)
                """;
        assertThat(Failures.summarize(trace)).isEqualTo(
                "java.lang.reflect.InvocationTargetException (caused by java.lang.IllegalStateException: no license key)");
        assertThat(Failures.summarize(null)).isNull();
    }

    @Test
    void describesAnExceptionWithItsRootCause() {
        Exception e = new Exception("Activator start error in bundle x [7].", new IllegalStateException("boom"));
        assertThat(Failures.describe(e))
                .isEqualTo("Activator start error in bundle x [7]. (caused by java.lang.IllegalStateException: boom)");
        assertThat(Failures.describe(new RuntimeException("x".repeat(2000)))).hasSize(600).endsWith("...");
    }
}
