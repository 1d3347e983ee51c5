package org.csghub.engine.llamacpp.server;

/**
 * A finished generation. The prompt is counted by encoding it with the model's tokenizer (without the BOS token
 * llama.cpp may add); the completion by the pieces llama.cpp streamed (see {@link LlamaEngine#stream}).
 */
record Generated(String text, int promptTokens, int completionTokens, String finishReason) {

    int totalTokens() {
        return promptTokens + completionTokens;
    }
}
