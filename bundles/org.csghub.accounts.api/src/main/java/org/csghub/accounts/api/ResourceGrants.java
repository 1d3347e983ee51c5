package org.csghub.accounts.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keeps per-resource grants (collaborators) in step with the resources: the bundle that owns a resource calls it
 * when the resource is renamed, transferred or deleted.
 */
@ProviderType
public interface ResourceGrants {

    /** The resource was renamed or transferred: its collaborators follow it. */
    void moved(ResourceRef from, ResourceRef to);

    /** The resource is gone: its collaborators are removed, so a new resource under that name starts with none. */
    void removed(ResourceRef resource);
}
