package org.csghub.testing.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrowserLoginTest {

    @Test
    void findsTheLoginFormsActionWhateverTheAttributeOrder() {
        String html = "<form onsubmit=\"x\" action=\"http://kc/login-actions/authenticate?session_code=a&amp;tab_id=b\"\n"
                + " method=\"post\" id=\"kc-form-login\"><input name=\"username\"></form>"
                + "<form id=\"other\" action=\"/elsewhere\"></form>";
        assertThat(BrowserLogin.formAction(html)).isEqualTo("http://kc/login-actions/authenticate?session_code=a&tab_id=b");
    }

    @Test
    void failsWhenThereIsNoLoginForm() {
        assertThatThrownBy(() -> BrowserLogin.formAction("<html>Invalid username or password.</html>"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("kc-form-login");
    }
}
