package org.csghub.accounts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.csghub.rest.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Bob-2", "ml.team", "a_b", "x1", "root"})
    void acceptsOrdinaryNames(String name) {
        assertThat(Names.valid("username", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"api", "ADMIN", "hf", "models", "..", ".hidden", "a/b", "a b", "x", "trailing-", "a..b",
            "repo.git", "ünïcode"})
    void refusesPathCharactersReservedWordsAndDotSegments(String name) {
        assertThatThrownBy(() -> Names.valid("username", name))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.details()).containsKey("rule");
                });
    }

    @Test
    void refusesOverLongNamesSayingTheLimit() {
        assertThatThrownBy(() -> Names.valid("organization name", "a".repeat(65)))
                .hasMessageContaining("2 to 64 characters");
    }
}
