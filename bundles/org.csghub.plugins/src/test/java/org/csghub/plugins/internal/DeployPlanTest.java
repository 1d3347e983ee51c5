package org.csghub.plugins.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployPlanTest {

    @Test
    void installsNewJarsUpdatesChangedOnesAndRemovesBundlesWhoseJarIsGone() {
        Map<String, Long> jars = Map.of("new.jar", 100L, "changed.jar", 500L, "same.jar", 100L);
        Map<String, Long> installed = Map.of("changed.jar", 400L, "same.jar", 200L, "deleted.jar", 100L);
        DeployPlan plan = DeployPlan.of(jars, installed);
        assertThat(plan.install()).containsExactly("new.jar");
        assertThat(plan.update()).containsExactly("changed.jar");
        assertThat(plan.uninstall()).containsExactly("deleted.jar");
    }

    @Test
    void nothingToDoWhenDirectoryAndFrameworkAgree() {
        DeployPlan plan = DeployPlan.of(Map.of("a.jar", 1L), Map.of("a.jar", 2L));
        assertThat(plan.install()).isEmpty();
        assertThat(plan.update()).isEmpty();
        assertThat(plan.uninstall()).isEmpty();
    }

    @Test
    void watchesJarsOnlyAndNoHiddenFiles() {
        assertThat(DeployPlan.watched("engine-vllm-1.0.jar")).isTrue();
        assertThat(DeployPlan.watched(".engine.jar")).isFalse();
        assertThat(DeployPlan.watched("engine.jar.part")).isFalse();
        assertThat(DeployPlan.watched("README.md")).isFalse();
    }
}
