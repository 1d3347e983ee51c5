/**
 * The compute core: engine descriptors, the engine list, and the catalogue of clusters and hardware resources.
 * It holds the catalogue's entities, so the package carries {@link org.csghub.persistence.api.EntityBundle}.
 * Nothing here is exported.
 */
@EntityBundle
package org.csghub.compute.internal;

import org.csghub.persistence.api.EntityBundle;
