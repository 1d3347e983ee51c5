package org.csghub.compute.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.csghub.compute.api.EngineArg;
import org.csghub.compute.api.EngineDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonEngineDescriptorsTest {

    @TempDir
    Path dir;

    private final JsonEngineDescriptors descriptors = new JsonEngineDescriptors();

    private URL file(String json) throws IOException {
        return Files.writeString(dir.resolve("engine.json"), json.replace('\'', '"')).toUri().toURL();
    }

    @Test
    void readsRecordComponentNamesAndArgTypesInAnyCase() throws IOException {
        EngineDescriptor d = descriptors.read(file("""
                {'name': 'e', 'port': 8000, 'formats': ['gguf'],
                 'images': [{'computeType': 'cpu', 'image': 'x:1'}],
                 'args': [{'name': 'n', 'type': 'int', 'defaultValue': '2', 'format': '-n {}'},
                          {'name': 's', 'type': 'SWITCH', 'defaultValue': 'true', 'format': '--s'},
                          {'name': 'c', 'type': 'Select', 'defaultValue': 'a', 'allowed': ['a'], 'format': '-c {}'}]}
                """));
        assertThat(d.args()).extracting(EngineArg::type)
                .containsExactly(EngineArg.Type.INT, EngineArg.Type.SWITCH, EngineArg.Type.SELECT);
        assertThat(d.healthPath()).isEqualTo("/health");
        assertThat(d.images().get(0).extraArchitectures()).isEmpty();
        assertThat(((org.csghub.compute.api.InferenceEngine) () -> d).arguments(Map.of()))
                .containsExactly("-n", "2", "--s", "-c", "a");
    }

    @Test
    void aMissingNameIsNamed() throws IOException {
        URL url = file("{'port': 80}");
        assertThatThrownBy(() -> descriptors.read(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(url.toString()).hasMessageContaining("missing field name");
    }

    @Test
    void aBadArgumentTypeNamesTheField() throws IOException {
        URL url = file("{'name': 'e', 'port': 80, 'args': [{'name': 'a', 'type': 'TEXT', 'format': '{}'},"
                + " {'name': 'b', 'type': 'number', 'format': '{}'}]}");
        assertThatThrownBy(() -> descriptors.read(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(url.toString()).hasMessageContaining("args[1].type");
    }

    @Test
    void unknownFieldsAreRefusedSoTyposDoNotDropSettings() throws IOException {
        URL url = file("{'name': 'e', 'port': 80, 'args': [{'name': 'a', 'type': 'int', 'defualtValue': '1',"
                + " 'format': '{}'}]}");
        assertThatThrownBy(() -> descriptors.read(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("args[0].defualtValue");
    }

    @Test
    void recordChecksAndBrokenJsonAreReported() throws IOException {
        URL badPort = file("{'name': 'e', 'port': 0}");
        assertThatThrownBy(() -> descriptors.read(badPort)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be 1-65535");
        URL broken = file("{'name': ");
        assertThatThrownBy(() -> descriptors.read(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(broken.toString());
        URL empty = file("");
        assertThatThrownBy(() -> descriptors.read(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(empty.toString());
    }
}
