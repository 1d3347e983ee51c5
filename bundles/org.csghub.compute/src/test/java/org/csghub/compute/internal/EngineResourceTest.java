package org.csghub.compute.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.csghub.compute.api.EngineArg;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.EngineImage;
import org.csghub.compute.api.InferenceEngine;
import org.csghub.rest.ApiException;
import org.junit.jupiter.api.Test;

class EngineResourceTest {

    private static InferenceEngine engine(String name, List<String> localCommand) {
        EngineDescriptor d = new EngineDescriptor(name, null, "d", List.of("gguf"), null,
                List.of(new EngineImage("gpu", "a:1", "1", null), new EngineImage("cpu", "b:1", "1", null),
                        new EngineImage("gpu", "c:1", "1", null)),
                8080, null, null, null, List.of("serve"), localCommand,
                List.of(new EngineArg("dtype", EngineArg.Type.SELECT, "auto", List.of("auto", "half"), "--dtype {}",
                        "precision")), null, null);
        return () -> d;
    }

    @Test
    void listsRegisteredEnginesByNameAndForgetsRemovedOnes() {
        EngineResource resource = new EngineResource();
        InferenceEngine vllm = engine("vllm", null);
        resource.addEngine(vllm);
        resource.addEngine(engine("llama-cpp", List.of("{java}")));
        assertThat(resource.list()).extracting(EngineView::name).containsExactly("llama-cpp", "vllm");
        resource.removeEngine(vllm);
        assertThat(resource.list()).extracting(EngineView::name).containsExactly("llama-cpp");
        assertThatThrownBy(() -> resource.get("vllm")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status()).isEqualTo(404);
    }

    @Test
    void theViewHasWhatAFormNeeds() {
        EngineResource resource = new EngineResource();
        resource.addEngine(engine("llama-cpp", List.of("{java}")));
        EngineView view = resource.get("llama-cpp");
        assertThat(view.computeTypes()).containsExactly("gpu", "cpu");
        assertThat(view.displayName()).isEqualTo("llama-cpp");
        assertThat(view.runsLocally()).isTrue();
        assertThat(view.args()).containsExactly(
                new EngineView.Arg("dtype", "select", "auto", List.of("auto", "half"), "precision"));
    }
}
