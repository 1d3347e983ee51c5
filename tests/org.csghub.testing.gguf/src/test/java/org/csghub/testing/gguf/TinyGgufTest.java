package org.csghub.testing.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyGgufTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void privateNativeLibraryDirectory() throws IOException {
        // java-llama.cpp extracts libjllama.so into java.io.tmpdir, and first deletes every llama*/jllama* file
        // there: give it a directory of its own
        System.setProperty("de.kherud.llama.tmpdir", Files.createDirectory(dir.resolve("native")).toString());
    }

    @Test
    @SuppressWarnings("unchecked") // the token list is a List of String
    void headerAndMetadataReadBack() {
        Path file = TinyGguf.write(dir.resolve("named.gguf"), 7, "my-tiny-model");

        GgufHeader header = GgufHeader.read(file);

        assertThat(header.magic()).isEqualTo(0x46554747);
        assertThat(header.version()).isEqualTo(3);
        assertThat(header.tensorCount()).isEqualTo(TinyGguf.TENSOR_COUNT).isEqualTo(21);
        assertThat(header.metadata())
                .containsEntry("general.architecture", "llama")
                .containsEntry("general.name", "my-tiny-model")
                .containsEntry("llama.context_length", 256L)
                .containsEntry("llama.block_count", 2L)
                .containsEntry("tokenizer.ggml.model", "llama");
        assertThat((List<Object>) header.metadata().get("tokenizer.ggml.tokens"))
                .hasSize(TinyGguf.VOCABULARY_SIZE)
                .startsWith("<unk>", "<s>", "</s>", "<0x00>")
                .contains("<0xFF>", "\u2581hello", "\u2581world");
    }

    @Test
    void aboutHalfAMegabyteAndDeterministicForASeed() throws IOException {
        byte[] first = Files.readAllBytes(TinyGguf.write(dir.resolve("a.gguf"), 42));
        byte[] again = Files.readAllBytes(TinyGguf.write(dir.resolve("b.gguf"), 42));
        byte[] otherSeed = Files.readAllBytes(TinyGguf.write(dir.resolve("c.gguf"), 43));

        assertThat(first.length).isBetween(400_000, 600_000);
        assertThat(first).isEqualTo(again);
        assertThat(otherSeed).hasSameSizeAs(first).isNotEqualTo(first);
    }

    @Test
    void notAGgufFileIsRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("text.gguf"), "not a model at all");

        assertThatThrownBy(() -> GgufHeader.read(file)).hasMessageContaining("not a GGUF file");
    }

    @Test
    void llamaCppLoadsItTokenizesAndGenerates() {
        Path file = TinyGguf.write(dir.resolve(TinyGguf.DEFAULT_NAME + ".gguf"), 1);
        ModelParameters parameters = new ModelParameters().setModel(file.toString())
                .setCtxSize(TinyGguf.CONTEXT_LENGTH).setThreads(2).setGpuLayers(0);

        try (LlamaModel model = new LlamaModel(parameters)) {
            int[] tokens = model.encode("hello world");
            // "▁hello" and "▁world" are whole tokens (SentencePiece adds the leading space)
            assertThat(tokens).hasSize(2);
            assertThat(model.decode(tokens)).isEqualTo(" hello world");
            // no piece for "ü": "▁" (the first id after the 3 special and 256 byte tokens), then its two UTF-8 bytes
            int firstByteToken = 3;
            assertThat(model.encode("ü")).containsExactly(firstByteToken + 256, firstByteToken + 0xC3, firstByteToken + 0xBC);
            assertThat(model.decode(model.encode("ü"))).isEqualTo(" ü");

            InferenceParameters greedy = new InferenceParameters("hello world").setNPredict(8).setTemperature(0f)
                    .setSeed(1);
            String completion = model.complete(greedy);
            assertThat(model.complete(greedy)).isEqualTo(completion);
            assertThat(model.encode(completion)).isNotEmpty();

            List<String> pieces = new ArrayList<>();
            for (LlamaOutput output : model.generate(greedy)) {
                pieces.add(output.text);
            }
            assertThat(pieces).hasSizeGreaterThan(1);
            assertThat(String.join("", pieces)).isEqualTo(completion);
        }
    }
}
