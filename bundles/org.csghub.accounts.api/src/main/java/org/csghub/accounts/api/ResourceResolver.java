package org.csghub.accounts.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered by a bundle that owns resources of a kind (a repository type, ...), with the service property
 * {@value #KIND} naming the kind. The accounts layer uses it to check that a resource exists and to learn its
 * visibility, e.g. when collaborators are added.
 */
@ConsumerType
public interface ResourceResolver {

    /** The service property naming the resource kind this resolver answers for. */
    String KIND = "csghub.resource.kind";

    Optional<ResourceRef> find(String namespace, String name);
}
