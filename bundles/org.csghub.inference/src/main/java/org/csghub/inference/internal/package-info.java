/**
 * Inference endpoints: the REST API, the controller and the endpoint tables. Holds entities, so the package
 * carries {@link org.csghub.persistence.api.EntityBundle}. Nothing here is exported.
 */
@EntityBundle
package org.csghub.inference.internal;

import org.csghub.persistence.api.EntityBundle;
