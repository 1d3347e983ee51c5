package org.csghub.engine.llamacpp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * POST /tokenize {@code {"content": text}} → {@code {"tokens": [ids]}} and POST /detokenize
 * {@code {"tokens": [ids]}} → {@code {"content": text}}, in llama.cpp server's shapes. Tokens are the text's alone
 * (no BOS).
 */
final class TokenizerEndpoints {

    private final ModelState state;

    TokenizerEndpoints(ModelState state) {
        this.state = state;
    }

    void tokenize(Exchange exchange) throws IOException {
        String content = Json.requiredString(exchange.jsonBody(), "content");
        int[] tokens = state.engine().tokenize(content);
        ObjectNode response = Json.object();
        ArrayNode ids = response.putArray("tokens");
        for (int token : tokens) {
            ids.add(token);
        }
        exchange.countTokens(tokens.length, 0);
        exchange.json(200, response);
    }

    void detokenize(Exchange exchange) throws IOException {
        JsonNode ids = Json.field(exchange.jsonBody(), "tokens").orElseThrow(() -> Json.missing("tokens"));
        if (!ids.isArray()) {
            throw ApiError.invalidRequest("'tokens' must be an array of token ids", "tokens");
        }
        int[] tokens = new int[ids.size()];
        for (int i = 0; i < tokens.length; i++) {
            if (!ids.get(i).canConvertToInt() || !ids.get(i).canConvertToExactIntegral()) {
                throw ApiError.invalidRequest("'tokens' must be an array of token ids", "tokens");
            }
            tokens[i] = ids.get(i).intValue();
        }
        String content = state.engine().detokenize(tokens);
        exchange.countTokens(tokens.length, 0);
        exchange.json(200, Json.object().put("content", content));
    }
}
