package org.csghub.repo.api;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads a repository card (README.md) the way the registry does: its YAML front matter, plain YAML only, with
 * size, alias and nesting bounds. For bundles that need a card field at a given revision (a dataset's
 * {@code configs}, say) rather than the metadata the registry keeps for the head.
 */
@ProviderType
public interface CardReader {

    /** The front matter as a map: empty when there is none, it is broken, too large or not a YAML map. */
    Map<String, Object> frontMatter(String readme);
}
