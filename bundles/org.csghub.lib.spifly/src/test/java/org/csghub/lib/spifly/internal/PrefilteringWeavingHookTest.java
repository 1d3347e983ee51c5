package org.csghub.lib.spifly.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.apache.aries.spifly.WeavingData;
import org.junit.jupiter.api.Test;

class PrefilteringWeavingHookTest {

    private static final Set<WeavingData> SERVICE_LOADER =
            Set.of(new WeavingData("java.util.ServiceLoader", "load", new String[] {"java.lang.Class"}, null, List.of()));

    /** Calls ServiceLoader, so it must be woven. */
    static final class Consumer {
        Object load() {
            return java.util.ServiceLoader.load(Runnable.class).findFirst();
        }
    }

    /** Never touches ServiceLoader. */
    static final class Bystander {
        String hello() {
            return "hello";
        }
    }

    @Test
    void aClassThatCallsServiceLoaderIsSelected() throws IOException {
        assertThat(PrefilteringWeavingHook.mentionsAny(bytes(Consumer.class), SERVICE_LOADER)).isTrue();
    }

    @Test
    void aClassThatCannotCallServiceLoaderIsSkipped() throws IOException {
        assertThat(PrefilteringWeavingHook.mentionsAny(bytes(Bystander.class), SERVICE_LOADER)).isFalse();
    }

    private static byte[] bytes(Class<?> type) throws IOException {
        String resource = type.getName().substring(type.getPackageName().length() + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
