package org.csghub.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.csghub.testing.gguf.TinyGguf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufArchitectureTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheArchitectureOfAGeneratedModel() throws Exception {
        Path file = TinyGguf.write(tmp.resolve("m.gguf"), 3L);
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(GgufArchitecture.read(in)).contains("llama");
        }
    }

    @Test
    void skipsOtherValuesOfEveryTypeBeforeIt() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(0).putLong(4);
        key(b, "a.u32").putInt(4).putInt(7);
        key(b, "a.array").putInt(9).putInt(8).putLong(2);
        string(b, "x");
        string(b, "yz");
        key(b, "a.f64").putInt(12).putDouble(1.5);
        key(b, "general.architecture").putInt(8);
        string(b, "qwen2");
        assertThat(GgufArchitecture.read(new ByteArrayInputStream(Arrays.copyOf(b.array(), b.position()))))
                .contains("qwen2");
    }

    @Test
    void answersNothingForOtherFilesAndTruncatedHeaders() throws Exception {
        assertThat(GgufArchitecture.read(new ByteArrayInputStream("{\"not\":\"gguf\"}".getBytes()))).isEmpty();
        Path file = TinyGguf.write(tmp.resolve("m.gguf"), 3L);
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 30);
        assertThat(GgufArchitecture.read(new ByteArrayInputStream(head))).isEmpty();
    }

    private static ByteBuffer key(ByteBuffer b, String key) {
        return string(b, key);
    }

    private static ByteBuffer string(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return b.putLong(bytes.length).put(bytes);
    }
}
