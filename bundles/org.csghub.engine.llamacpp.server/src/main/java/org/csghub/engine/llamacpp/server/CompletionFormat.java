package org.csghub.engine.llamacpp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What differs between /v1/chat/completions and /v1/completions: the prompt and the response objects. */
interface CompletionFormat {

    String idPrefix();

    String object();

    String chunkObject();

    /** The prompt text of a request body. */
    String prompt(ObjectNode body);

    /** Stop strings the format adds to the client's. */
    List<String> implicitStops();

    /** {@code max_tokens}, or the chat API's newer name for it. */
    String maxTokensField(ObjectNode body);

    ObjectNode choice(String text, String finishReason);

    /** A streamed choice; {@code text} null for the last one, which carries the finish reason. */
    ObjectNode chunkChoice(String text, String finishReason, boolean first);

    final class Chat implements CompletionFormat {

        @Override
        public String idPrefix() {
            return "chatcmpl-";
        }

        @Override
        public String object() {
            return "chat.completion";
        }

        @Override
        public String chunkObject() {
            return "chat.completion.chunk";
        }

        @Override
        public String prompt(ObjectNode body) {
            return ChatPrompt.of(body.get("messages"));
        }

        @Override
        public List<String> implicitStops() {
            return List.of(ChatPrompt.NEXT_TURN);
        }

        @Override
        public String maxTokensField(ObjectNode body) {
            return body.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        }

        @Override
        public ObjectNode choice(String text, String finishReason) {
            ObjectNode choice = Json.object().put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", text);
            return choice.putNull("logprobs").put("finish_reason", finishReason);
        }

        @Override
        public ObjectNode chunkChoice(String text, String finishReason, boolean first) {
            ObjectNode choice = Json.object().put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (first) {
                delta.put("role", "assistant");
            }
            if (text != null) {
                delta.put("content", text);
            }
            return choice.putNull("logprobs").put("finish_reason", finishReason);
        }
    }

    final class Text implements CompletionFormat {

        @Override
        public String idPrefix() {
            return "cmpl-";
        }

        @Override
        public String object() {
            return "text_completion";
        }

        @Override
        public String chunkObject() {
            return "text_completion";
        }

        @Override
        public String prompt(ObjectNode body) {
            // one prompt per request: n and batches of prompts are not served
            return Json.requiredString(body, "prompt");
        }

        @Override
        public List<String> implicitStops() {
            return List.of();
        }

        @Override
        public String maxTokensField(ObjectNode body) {
            return "max_tokens";
        }

        @Override
        public ObjectNode choice(String text, String finishReason) {
            return Json.object().put("index", 0).put("text", text).putNull("logprobs")
                    .put("finish_reason", finishReason);
        }

        @Override
        public ObjectNode chunkChoice(String text, String finishReason, boolean first) {
            return Json.object().put("index", 0).put("text", text == null ? "" : text).putNull("logprobs")
                    .put("finish_reason", finishReason);
        }
    }
}
