package org.csghub.compute.api;

import java.io.IOException;
import java.net.URL;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads engine descriptors (JSON, the shape of {@link EngineDescriptor}), so an engine bundle needs no JSON
 * library: its component reads {@code engine.json} from its own bundle with this service.
 */
@ProviderType
public interface EngineDescriptors {

    /**
     * @throws IOException              when the resource cannot be read
     * @throws IllegalArgumentException when it is not a valid descriptor, saying which field is wrong
     */
    EngineDescriptor read(URL descriptor) throws IOException;
}
