package org.csghub.compute.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.csghub.compute.api.EngineArg;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.InferenceEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every engine bundle's engine.json, read as the runtime reads it. */
class EngineBundlesTest {

    private final JsonEngineDescriptors descriptors = new JsonEngineDescriptors();

    static List<Path> engineFiles() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of(".."))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("org.csghub.engine."))
                    .map(d -> d.resolve("src/main/resources/engine.json")).filter(Files::isRegularFile)
                    .sorted().toList();
        }
    }

    @Test
    void everyEngineBundleIsFound() throws IOException {
        assertThat(engineFiles()).extracting(p -> p.getParent().getParent().getParent().getParent().getFileName()
                .toString()).contains("org.csghub.engine.vllm", "org.csghub.engine.tgi", "org.csghub.engine.triton",
                "org.csghub.engine.nim", "org.csghub.engine.sglang", "org.csghub.engine.llamacpp");
    }

    @ParameterizedTest
    @MethodSource("engineFiles")
    void descriptorIsValidAndRendersItsDefaults(Path file) throws IOException {
        EngineDescriptor d = descriptors.read(file.toUri().toURL());
        assertThat(d.images()).as("images").isNotEmpty();
        assertThat(d.port()).isBetween(1, 65535);
        assertThat(d.formats()).isNotEmpty();
        assertThat(d.description()).isNotBlank();
        for (EngineArg a : d.args()) {
            assertThat(a.format()).as(a.name() + " format").isNotBlank();
            if (a.type() == EngineArg.Type.SELECT) {
                assertThat(a.allowed()).as(a.name() + " choices").isNotEmpty();
                // a blank default means the flag is left out unless the user picks one
                if (a.defaultValue() != null && !a.defaultValue().isBlank()) {
                    assertThat(a.allowed()).as(a.name() + " default").contains(a.defaultValue());
                }
            }
            if (a.defaultValue() != null && !a.defaultValue().isBlank()) {
                a.check(a.defaultValue());
            }
        }
        InferenceEngine engine = () -> d;
        assertThat(engine.arguments(Map.of())).doesNotContainNull();
    }
}
