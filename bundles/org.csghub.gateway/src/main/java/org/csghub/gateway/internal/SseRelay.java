package org.csghub.gateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays an engine's server-sent events to the client one event at a time, flushing each, and takes the usage
 * from them. Upstream the gateway always asks for usage ({@code stream_options.include_usage}); when the client
 * did not, the usage-only chunk is dropped and the {@code "usage": null} of the other chunks removed, so the
 * client sees the stream it asked for.
 */
final class SseRelay {

    /** How a relay ended. */
    enum End {
        /** {@code data: [DONE]} went through */
        DONE,
        /** the engine closed the stream without {@code [DONE]} */
        UPSTREAM_ENDED,
        /** reading from the engine failed (or was cut by the idle timeout) */
        UPSTREAM_FAILED,
        /** writing to the client failed: it went away */
        CLIENT_GONE
    }

    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;
    private final boolean clientWantsUsage;
    private final Call call;
    private boolean sawError;

    SseRelay(ObjectMapper json, boolean clientWantsUsage, Call call) {
        this.json = json;
        this.clientWantsUsage = clientWantsUsage;
        this.call = call;
    }

    /** Whether the engine sent an error event (it does so when generation fails after the stream started). */
    boolean sawError() {
        return sawError;
    }

    End relay(InputStream upstream, OutputStream client) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(upstream, StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                return End.UPSTREAM_FAILED;
            }
            if (line == null || line.isEmpty()) {
                if (!lines.isEmpty()) {
                    try {
                        if (event(lines, client)) {
                            return End.DONE;
                        }
                    } catch (IOException e) {
                        return End.CLIENT_GONE;
                    }
                    lines.clear();
                }
                if (line == null) {
                    return End.UPSTREAM_ENDED;
                }
            } else {
                lines.add(line);
            }
        }
    }

    /** Relays one event; answers whether it was {@code [DONE]}. */
    private boolean event(List<String> lines, OutputStream client) throws IOException {
        StringBuilder data = null;
        List<String> other = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("data:")) {
                String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            } else {
                other.add(line);
            }
        }
        if (data == null) {
            write(client, other, null);
            return false;
        }
        String payload = data.toString();
        if (payload.trim().equals("[DONE]")) {
            write(client, other, "[DONE]");
            return true;
        }
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (JsonProcessingException notJson) {
            write(client, other, payload);
            return false;
        }
        if (node instanceof ObjectNode chunk) {
            if (chunk.path("error").isObject()) {
                sawError = true;
            }
            JsonNode usage = chunk.get("usage");
            JsonNode choices = chunk.get("choices");
            boolean hasChoices = choices != null && choices.isArray() && !choices.isEmpty();
            if (usage != null && usage.isObject()) {
                take(usage);
                if (!clientWantsUsage) {
                    if (!hasChoices) {
                        return false; // the usage-only chunk the client did not ask for
                    }
                    chunk.remove("usage");
                    payload = json.writeValueAsString(chunk);
                }
            } else if (usage != null && usage.isNull() && !clientWantsUsage) {
                chunk.remove("usage");
                payload = json.writeValueAsString(chunk);
            }
            if (hasChoices) {
                call.firstToken();
                TokenCounter.relayed(choices, call);
            }
        }
        write(client, other, payload);
        return false;
    }

    private void take(JsonNode usage) {
        call.promptTokens = integer(usage, "prompt_tokens");
        call.completionTokens = integer(usage, "completion_tokens");
        call.totalTokens = integer(usage, "total_tokens");
        if (call.totalTokens == null && call.promptTokens != null && call.completionTokens != null) {
            call.totalTokens = call.promptTokens + call.completionTokens;
        }
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToInt() ? value.intValue() : null;
    }

    private static void write(OutputStream client, List<String> other, String data) throws IOException {
        StringBuilder event = new StringBuilder();
        for (String line : other) {
            event.append(line).append('\n');
        }
        if (data != null) {
            for (String line : data.split("\n", -1)) {
                event.append("data: ").append(line).append('\n');
            }
        }
        if (event.length() == 0) {
            return;
        }
        event.setLength(event.length() - 1);
        client.write(event.toString().getBytes(StandardCharsets.UTF_8));
        client.write(END_OF_EVENT);
        client.flush();
    }
}
