package org.csghub.plugins.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.csghub.rest.ApiException;
import org.junit.jupiter.api.Test;

class AdminTokenTest {

    private final AdminToken token = AdminToken.of("s3cret-token");

    @Test
    void acceptsTheBearerTokenWhateverTheSchemeCase() {
        assertThatCode(() -> token.check("Bearer s3cret-token")).doesNotThrowAnyException();
        assertThatCode(() -> token.check("bearer s3cret-token ")).doesNotThrowAnyException();
    }

    @Test
    void refusesMissingMalformedOrWrongTokensWith401() {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Basic czNjcmV0", "s3cret-token",
                "Bearer s3cret-tokeN", "Bearer s3cret-token-and-more", "Bearer s3cret"}) {
            assertThatThrownBy(() -> token.check(header)).as(String.valueOf(header))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.code()).isEqualTo("unauthorized");
                        assertThat(e.getMessage()).doesNotContain("s3cret-token");
                    });
        }
    }

    @Test
    void withoutAConfiguredTokenTheApiIsDisabledNotOpen() {
        for (String none : new String[] {null, "", "   "}) {
            AdminToken disabled = AdminToken.of(none);
            assertThat(disabled.enabled()).isFalse();
            assertThatThrownBy(() -> disabled.check("Bearer "))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
            assertThatThrownBy(() -> disabled.check("Bearer anything"))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("admin_disabled"));
        }
    }

    @Test
    void neverShowsTheToken() {
        assertThat(token.toString()).doesNotContain("s3cret").isEqualTo("AdminToken[set]");
    }
}
