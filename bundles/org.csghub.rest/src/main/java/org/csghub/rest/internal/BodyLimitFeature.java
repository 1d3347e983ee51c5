package org.csghub.rest.internal;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import org.csghub.rest.OwnBodyLimit;

/**
 * Puts the JSON body limit on every resource method except those marked {@link OwnBodyLimit}, which stream
 * large uploads and check their own (much higher) limit.
 */
final class BodyLimitFeature implements DynamicFeature {

    private final long maxBytes;

    BodyLimitFeature(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        if (!ownLimit(resource)) {
            context.register(new BodyLimitFilter(maxBytes));
        }
    }

    static boolean ownLimit(ResourceInfo resource) {
        return (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(OwnBodyLimit.class))
                || (resource.getResourceClass() != null && resource.getResourceClass().isAnnotationPresent(OwnBodyLimit.class));
    }
}
