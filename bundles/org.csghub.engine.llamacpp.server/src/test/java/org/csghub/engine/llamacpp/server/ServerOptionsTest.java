package org.csghub.engine.llamacpp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

    @Test
    void defaultsLeaveLlamaCppSettingsAloneAndNameTheModelAfterItsFile() {
        ServerOptions options = ServerOptions.parse("--model", "/models/Qwen2-0.5B.Q8_0.GGUF", "--port", "8080");

        assertThat(options.model()).isEqualTo(Path.of("/models/Qwen2-0.5B.Q8_0.GGUF"));
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.ctxSize()).isEmpty();
        assertThat(options.threads()).isEmpty();
        assertThat(options.seed()).isEmpty();
        assertThat(options.servedModelName()).isEqualTo("Qwen2-0.5B.Q8_0");
    }

    @Test
    void everyOption() {
        ServerOptions options = ServerOptions.parse("--model", "m.bin", "--port", "0", "--host", "0.0.0.0",
                "--ctx-size", "256", "--threads", "2", "--served-model-name", "chat", "--seed", "4294967295");

        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.ctxSize()).hasValue(256);
        assertThat(options.threads()).hasValue(2);
        assertThat(options.servedModelName()).isEqualTo("chat");
        assertThat(options.seed()).hasValue(4294967295L);
        assertThat(ServerOptions.parse("--model", "m.bin", "--port", "1").servedModelName()).isEqualTo("m.bin");
    }

    @Test
    void wrongCommandLinesSayWhatIsWrong() {
        assertThatThrownBy(() -> ServerOptions.parse("--port", "1")).hasMessageContaining("--model is required");
        assertThatThrownBy(() -> ServerOptions.parse("--model", "m.gguf")).hasMessageContaining("--port is required");
        assertThatThrownBy(() -> ServerOptions.parse("--model", "m.gguf", "--port", "70000"))
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> ServerOptions.parse("--model", "m.gguf", "--port", "1", "--threads", "two"))
                .hasMessageContaining("--threads needs a number");
        assertThatThrownBy(() -> ServerOptions.parse("--model", "m.gguf", "--port", "1", "--ctx-size"))
                .hasMessageContaining("--ctx-size needs a value");
        assertThatThrownBy(() -> ServerOptions.parse("--model", "m.gguf", "--port", "1", "--gpu"))
                .hasMessageContaining("unknown option --gpu");
    }
}
