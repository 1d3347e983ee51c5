package org.csghub.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorMapperReloadTest {

    @Test
    void aResourceWhoseServiceLeftIsAReloadRace() {
        RuntimeException hk2 = new RuntimeException("MultiException stack 1 of 1\njava.lang.NoSuchMethodException: "
                + "Could not find a suitable constructor in org.example.GoneResource class.");
        assertThat(ErrorMapper.duringReload(new IllegalStateException("wrapped", hk2))).isTrue();
    }

    @Test
    void aClosedInjectionManagerIsAReloadRace() {
        assertThat(ErrorMapper.duringReload(
                new IllegalStateException("ServiceLocatorImpl(__HK2_Generated_3,4,1) has been shut down"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(ErrorMapper.duringReload(new NullPointerException("boom"))).isFalse();
        assertThat(ErrorMapper.duringReload(new IllegalStateException((String) null))).isFalse();
    }
}
