package org.csghub.engine.llamacpp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.csghub.testing.gguf.TinyGguf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufVocabularyTest {

    @TempDir
    Path dir;

    @Test
    void readsTheTokenCountPastTheOtherMetadata() throws IOException {
        Path model = TinyGguf.write(dir.resolve("tiny.gguf"), 3);

        assertThat(GgufVocabulary.size(model)).isEqualTo(TinyGguf.VOCABULARY_SIZE);
    }

    @Test
    void rejectsWhatIsNotAGguf() throws IOException {
        Path text = Files.writeString(dir.resolve("model.gguf"), "definitely not GGUF");
        Path truncated = dir.resolve("truncated.gguf");
        byte[] full = Files.readAllBytes(TinyGguf.write(dir.resolve("full.gguf"), 3));
        Files.write(truncated, Arrays.copyOf(full, 200)); // ends inside the metadata

        assertThatThrownBy(() -> GgufVocabulary.size(text)).hasMessageContaining("not a GGUF file");
        assertThatThrownBy(() -> GgufVocabulary.size(truncated)).isInstanceOf(IOException.class);
    }
}
