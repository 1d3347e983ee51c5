package org.csghub.plugins.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginMetadataTest {

    private static Dictionary<String, String> headers(Map<String, String> map) {
        return new Hashtable<>(map);
    }

    @Test
    void readsThePluginCapability() {
        PluginMetadata meta = PluginMetadata.from(Map.of(
                "name", " vLLM engine ", "description", "Serves models with vLLM", "vendor", "ACME",
                "category", "Engine"),
                headers(Map.of("Bundle-SymbolicName", "com.acme.engine.vllm;singleton:=true", "Bundle-Vendor", "Other")));
        assertThat(meta).isEqualTo(new PluginMetadata("vLLM engine", "Serves models with vLLM", "ACME", "engine", true));
    }

    @Test
    void aPlainBundleFallsBackToTheStandardHeaders() {
        PluginMetadata meta = PluginMetadata.from(null, headers(Map.of(
                "Bundle-SymbolicName", "org.example.thing; singleton:=true",
                "Bundle-Description", "A thing", "Bundle-Vendor", "Example")));
        assertThat(meta).isEqualTo(new PluginMetadata("org.example.thing", "A thing", "Example", "other", false));
        assertThat(PluginMetadata.from(Map.of("vendor", ""), headers(Map.of("Bundle-SymbolicName", "x", "Bundle-Name", "X bundle"))))
                .isEqualTo(new PluginMetadata("X bundle", "", "", "other", true));
        assertThat(PluginMetadata.from(null, headers(Map.of("Bundle-SymbolicName", "x", "Bundle-Name", "X bundle"))).name())
                .isEqualTo("X bundle");
    }

    @Test
    void oddCategoriesBecomeOther() {
        assertThat(PluginMetadata.category(null)).isEqualTo("other");
        assertThat(PluginMetadata.category("  ")).isEqualTo("other");
        assertThat(PluginMetadata.category("storage")).isEqualTo("storage");
        assertThat(PluginMetadata.category("IDP")).isEqualTo("idp");
        assertThat(PluginMetadata.category("<b>x</b>")).isEqualTo("other");
    }

    @Test
    void symbolicNameDropsDirectives() {
        assertThat(PluginMetadata.symbolicName("a.b;singleton:=true")).isEqualTo("a.b");
        assertThat(PluginMetadata.symbolicName(" ;x")).isNull();
        assertThat(PluginMetadata.symbolicName(null)).isNull();
    }
}
