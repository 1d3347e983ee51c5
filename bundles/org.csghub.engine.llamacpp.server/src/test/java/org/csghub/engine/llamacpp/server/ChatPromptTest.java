package org.csghub.engine.llamacpp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ChatPromptTest {

    @Test
    void rolePrefixedTranscriptEndingWithTheAssistantsTurn() throws Exception {
        JsonNode messages = Json.MAPPER.readTree("""
                [{"role":"system","content":"Be brief."},
                 {"role":"user","content":[{"type":"text","text":"Hi "},{"type":"text","text":"there"}]},
                 {"role":"assistant","content":null},
                 {"role":"user","content":"Again"}]""");

        assertThat(ChatPrompt.of(messages))
                .isEqualTo("System: Be brief.\nUser: Hi there\nAssistant: \nUser: Again\nAssistant:");
    }

    @Test
    void malformedMessagesAreRequestErrorsOnMessages() throws Exception {
        for (String messages : new String[] {"[]", "{}", "[\"hi\"]", "[{\"role\":\"robot\",\"content\":\"x\"}]",
                "[{\"content\":\"x\"}]", "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]"}) {
            assertThatThrownBy(() -> ChatPrompt.of(Json.MAPPER.readTree(messages)))
                    .as(messages).isInstanceOfSatisfying(ApiError.class, error -> {
                        assertThat(error.status()).isEqualTo(400);
                        assertThat(error.param()).isIn("messages", "role");
                    });
        }
        assertThatThrownBy(() -> ChatPrompt.of(null)).hasMessageContaining("'messages' is required");
    }
}
