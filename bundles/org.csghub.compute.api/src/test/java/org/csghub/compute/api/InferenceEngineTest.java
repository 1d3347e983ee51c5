package org.csghub.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceEngineTest {

    private static final EngineDescriptor VLLM = new EngineDescriptor("vllm", "vLLM", "test", List.of("safetensors"),
            List.of("LlamaForCausalLM", "Qwen2ForCausalLM"),
            List.of(new EngineImage("gpu", "vllm/vllm-openai:v0.11.0", "0.11.0", List.of("Gemma3ForCausalLM")),
                    new EngineImage("cpu", "vllm/vllm-cpu:v0.11.0", "0.11.0", null)),
            8000, "/health", null, null, List.of("vllm", "serve", "{model_dir}"), null,
            List.of(new EngineArg("max-model-len", EngineArg.Type.INT, "4096", null, "--max-model-len {}", ""),
                    new EngineArg("dtype", EngineArg.Type.SELECT, "auto", List.of("auto", "half", "bfloat16"),
                            "--dtype {}", ""),
                    new EngineArg("enforce-eager", EngineArg.Type.SWITCH, "false", null, "--enforce-eager", ""),
                    new EngineArg("served-suffix", EngineArg.Type.TEXT, null, null, "--suffix={}", "")),
            List.of("awq"), null);

    private final InferenceEngine engine = () -> VLLM;

    @Test
    void defaultsAreRenderedInSchemaOrderAndUserValuesOverride() {
        assertThat(engine.arguments(Map.of())).containsExactly("--max-model-len", "4096", "--dtype", "auto");
        assertThat(engine.arguments(Map.of("enforce-eager", "true", "dtype", "half", "served-suffix", "x y")))
                .containsExactly("--max-model-len", "4096", "--dtype", "half", "--enforce-eager",
                        "--suffix=x y"); // a value is one word, whatever it holds
    }

    @Test
    void aBlankValueLeavesTheFlagOut() {
        assertThat(engine.arguments(Map.of("max-model-len", ""))).containsExactly("--dtype", "auto");
    }

    @Test
    void wrongValuesAndUnknownArgumentsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> engine.arguments(Map.of("max-model-len", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-model-len must be an integer");
        assertThatThrownBy(() -> engine.arguments(Map.of("dtype", "fp8")))
                .hasMessageContaining("one of [auto, half, bfloat16]");
        assertThatThrownBy(() -> engine.arguments(Map.of("enforce-eager", "yes")))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> engine.arguments(Map.of("tensor-parallel", "2")))
                .hasMessageContaining("no argument tensor-parallel");
    }

    @Test
    void matchesByFormatAndArchitectureIncludingImageOnlyArchitectures() {
        assertThat(engine.supports(new ModelProfile("safetensors", List.of("LlamaForCausalLM"), 1))).isTrue();
        assertThat(engine.supports(new ModelProfile("safetensors", List.of("Gemma3ForCausalLM"), 1))).isTrue();
        assertThat(engine.supports(new ModelProfile("safetensors", List.of("BertModel"), 1))).isFalse();
        assertThat(engine.supports(new ModelProfile("gguf", List.of("LlamaForCausalLM"), 1))).isFalse();
        InferenceEngine anyArch = () -> new EngineDescriptor("llama-cpp", null, null, List.of("gguf"), null, null,
                8080, null, null, null, null, null, null, null, null);
        assertThat(anyArch.supports(new ModelProfile("gguf", List.of("qwen2"), 1))).isTrue();
    }

    @Test
    void imagesAreChosenByComputeType() {
        assertThat(engine.image("cpu")).map(EngineImage::image).contains("vllm/vllm-cpu:v0.11.0");
        assertThat(engine.image("npu")).isEmpty();
    }

    @Test
    void descriptorsRejectBadNamesPortsAndDuplicateArguments() {
        assertThatThrownBy(() -> new EngineDescriptor("vLLM!", null, null, null, null, null, 80, null, null, null,
                null, null, null, null, null)).hasMessageContaining("engine name");
        assertThatThrownBy(() -> new EngineDescriptor("x", null, null, null, null, null, 0, null, null, null,
                null, null, null, null, null)).hasMessageContaining("port");
        EngineArg a = new EngineArg("a", EngineArg.Type.TEXT, null, null, "--a {}", "");
        assertThatThrownBy(() -> new EngineDescriptor("x", null, null, null, null, null, 80, null, null, null,
                null, null, List.of(a, a), null, null)).hasMessageContaining("argument a twice");
    }

    @Test
    void launchSpecsNeedDnsSafeIdsAndSaneReplicasAndKeepTokensOutOfText() {
        LaunchSpec.ModelSource model = new LaunchSpec.ModelSource("http://hub", "alice/m", "abc", "csg_secret", "m");
        LaunchSpec.Resources cpu = new LaunchSpec.Resources(1, 1024, Placement.NONE, "cpu");
        assertThat(new LaunchSpec("ep-1", VLLM, null, null, null, model, cpu, 0, 1, null, null).toString())
                .doesNotContain("csg_secret");
        assertThatThrownBy(() -> new LaunchSpec("Ep_1", VLLM, null, null, null, model, cpu, 1, 1, null, null))
                .hasMessageContaining("DNS label");
        assertThatThrownBy(() -> new LaunchSpec("ep-1", VLLM, null, null, null, model, cpu, 2, 1, null, null))
                .hasMessageContaining("replicas");
    }

    @Test
    void statesAllowTheActionsUsersKnow() {
        assertThat(EndpointState.Running.actions()).containsExactlyInAnyOrder(EndpointState.Action.STOP,
                EndpointState.Action.UPDATE);
        assertThat(EndpointState.Stopped.allows(EndpointState.Action.DELETE)).isTrue();
        assertThat(EndpointState.Running.allows(EndpointState.Action.DELETE)).isFalse();
        assertThat(EndpointState.NoAppFile.actions()).containsExactly(EndpointState.Action.DELETE);
        assertThat(EndpointState.Sleeping.allowsResourceChange()).isFalse();
        assertThat(EndpointState.DeployFailed.allowsResourceChange()).isTrue();
    }
}
