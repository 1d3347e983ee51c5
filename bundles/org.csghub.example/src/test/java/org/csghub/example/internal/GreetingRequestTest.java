package org.csghub.example.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.csghub.rest.ApiException;
import org.junit.jupiter.api.Test;

class GreetingRequestTest {

    @Test
    void acceptsAndTrimsAReasonableName() {
        assertThat(new GreetingRequest("  Ada Lovelace ").validName()).isEqualTo("Ada Lovelace");
        assertThat(GreetingRequest.valid("O'Brien-2")).isEqualTo("O'Brien-2");
    }

    @Test
    void refusesMissingBlankLongOrOddNamesWith400() {
        for (String bad : new String[] {null, "", "   ", "x".repeat(65), "<script>", "a/b"}) {
            assertThatThrownBy(() -> GreetingRequest.valid(bad))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("invalid_name");
                        assertThat(e.details()).containsEntry("field", "name");
                    });
        }
    }

    @Test
    void greeterUsesTheConfiguredSalutation() {
        DefaultGreeter greeter = new DefaultGreeter(new DefaultGreeter.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return DefaultGreeter.Config.class;
            }

            @Override
            public String salutation() {
                return "Hi";
            }
        });
        assertThat(greeter.greet("Ada").message()).isEqualTo("Hi, Ada!");
    }
}
