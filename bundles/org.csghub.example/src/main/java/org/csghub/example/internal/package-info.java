/**
 * The example plugin's implementation. It also holds the plugin's entity, so the package carries
 * {@link org.csghub.persistence.api.EntityBundle}, which lets Hibernate's generated proxies load here.
 */
@EntityBundle
package org.csghub.example.internal;

import org.csghub.persistence.api.EntityBundle;
