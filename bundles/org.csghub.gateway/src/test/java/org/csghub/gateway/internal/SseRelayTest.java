package org.csghub.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.junit.jupiter.api.Test;

class SseRelayTest {

    private static final String STREAM = """
            data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"}}],"usage":null}

            data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}

            data: {"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}

            data: [DONE]

            """;

    private final ObjectMapper json = new ObjectMapper();

    private static Call call() {
        return new Call(new Subject(7, "alice", null, false, Set.of(Scope.INFERENCE), 3L, null, null));
    }

    @Test
    void dropsTheUsageChunkAndTheNullUsageFieldsWhenTheClientDidNotAskButMetersTheUsage() {
        Call call = call();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseRelay.End end = new SseRelay(json, false, call).relay(in(STREAM), out);
        String relayed = out.toString(StandardCharsets.UTF_8);
        assertThat(end).isEqualTo(SseRelay.End.DONE);
        assertThat(relayed).doesNotContain("usage").contains("\"content\":\"Hi\"").endsWith("data: [DONE]\n\n");
        assertThat(relayed.split("\n\n")).hasSize(3);
        assertThat(call.promptTokens).isEqualTo(5);
        assertThat(call.completionTokens).isEqualTo(2);
        assertThat(call.totalTokens).isEqualTo(7);
        assertThat(call.ttftMillis).isNotNull();
    }

    @Test
    void passesTheStreamUnchangedWhenTheClientAskedForUsage() {
        Call call = call();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(new SseRelay(json, true, call).relay(in(STREAM), out)).isEqualTo(SseRelay.End.DONE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(STREAM);
        assertThat(call.totalTokens).isEqualTo(7);
    }

    @Test
    void flushesEveryEventAsItComes() {
        List<String> flushed = new ArrayList<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                buffer.write(b);
            }

            @Override
            public void flush() {
                flushed.add(buffer.toString(StandardCharsets.UTF_8));
            }
        };
        new SseRelay(json, true, call()).relay(in(STREAM), out);
        assertThat(flushed).hasSize(4);
        assertThat(flushed.get(0)).endsWith("\"usage\":null}\n\n").doesNotContain("finish_reason");
    }

    @Test
    void aClientThatGoesAwayEndsTheRelay() {
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        assertThat(new SseRelay(json, true, call()).relay(in(STREAM), gone)).isEqualTo(SseRelay.End.CLIENT_GONE);
    }

    @Test
    void anUpstreamThatBreaksOrEndsEarlyIsToldApart() {
        InputStream broken = new InputStream() {
            private final InputStream first = in("data: {\"choices\":[{\"index\":0,\"delta\":{}}]}\n\n");

            @Override
            public int read() throws IOException {
                int b = first.read();
                if (b < 0) {
                    throw new IOException("connection reset");
                }
                return b;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(new SseRelay(json, false, call()).relay(broken, out)).isEqualTo(SseRelay.End.UPSTREAM_FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("data: {\"choices\"");

        SseRelay errored = new SseRelay(json, false, call());
        assertThat(errored.relay(in("data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n"),
                new ByteArrayOutputStream())).isEqualTo(SseRelay.End.UPSTREAM_ENDED);
        assertThat(errored.sawError()).isTrue();
    }

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
