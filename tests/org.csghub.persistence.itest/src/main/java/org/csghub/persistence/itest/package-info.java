/** Persistence integration tests; the bundle is also an entity bundle (notes, tags). */
@EntityBundle
package org.csghub.persistence.itest;

import org.csghub.persistence.api.EntityBundle;
