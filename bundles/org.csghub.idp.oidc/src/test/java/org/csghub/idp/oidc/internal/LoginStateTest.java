package org.csghub.idp.oidc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginStateTest {

    @Test
    void roundTripsAndIsFreshEachTime() {
        LoginState one = LoginState.fresh();
        assertThat(LoginState.decode(one.encode())).isEqualTo(one);
        assertThat(LoginState.fresh()).isNotEqualTo(one);
        // RFC 7636: a verifier is 43 to 128 characters
        assertThat(one.codeVerifier().length()).isBetween(43, 128);
    }

    @Test
    void refusesStringsItDidNotWrite() {
        assertThat(LoginState.decode(null)).isNull();
        assertThat(LoginState.decode("")).isNull();
        assertThat(LoginState.decode("a.b")).isNull();
        assertThat(LoginState.decode("a.b.short")).isNull();
    }
}
