package org.csghub.runtime.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.LaunchSpec.ModelSource;

/**
 * A stable digest of a spec. The token is left out: it is short-lived and renewed on every pass, which must not
 * restart the engine. Map entries are sorted because {@code Map.copyOf} orders them differently in every JVM, and
 * the hash must survive a hub restart.
 */
final class SpecHash {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private SpecHash() {
    }

    static String of(LaunchSpec spec) {
        ModelSource m = spec.model();
        LaunchSpec tokenless = new LaunchSpec(spec.id(), spec.engine(), spec.image(), spec.arguments(), spec.env(),
                new ModelSource(m.hubUrl(), m.repo(), m.revision(), null, m.servedName()), spec.resources(),
                spec.minReplicas(), spec.maxReplicas(), spec.labels(), spec.scheduler());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsString(tokenless).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the spec of " + spec.id(), e);
        }
    }
}
