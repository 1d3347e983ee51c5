package org.csghub.engine.llamacpp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Chat messages as one plain-text prompt. Small and test models carry no chat template (llama.cpp would fall back
 * to ChatML, whose markers such a vocabulary spells out byte by byte), so every model gets the same
 * role-prefixed transcript, ending with {@code "Assistant:"} for the model to continue:
 *
 * <pre>
 * System: You are terse.
 * User: Hi
 * Assistant:</pre>
 */
final class ChatPrompt {

    /** Ends the reply where the model starts to write the user's next turn itself. */
    static final String NEXT_TURN = "\nUser:";

    private ChatPrompt() {
    }

    static String of(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw Json.missing("messages");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiError.invalidRequest("'messages' must be a non-empty array", "messages");
        }
        StringBuilder prompt = new StringBuilder();
        for (JsonNode message : messages) {
            if (!message.isObject()) {
                throw ApiError.invalidRequest("each message must be an object", "messages");
            }
            String role = Json.requiredString((ObjectNode) message, "role");
            prompt.append(label(role)).append(": ").append(content(message.get("content"))).append('\n');
        }
        return prompt.append("Assistant:").toString();
    }

    private static String label(String role) {
        return switch (role) {
            case "system", "developer" -> "System";
            case "user" -> "User";
            case "assistant" -> "Assistant";
            case "tool", "function" -> "Tool";
            default -> throw ApiError.invalidRequest("unknown message role '" + role + "'", "messages");
        };
    }

    /** A string, null (an assistant turn with tool calls only) or an array of parts, of which text is kept. */
    private static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    text.append(part.get("text").textValue());
                } else {
                    throw ApiError.invalidRequest("only text content parts are supported, not '"
                            + part.path("type").asText() + "'", "messages");
                }
            }
            return text.toString();
        }
        throw ApiError.invalidRequest("a message's 'content' must be a string or an array of parts", "messages");
    }
}
