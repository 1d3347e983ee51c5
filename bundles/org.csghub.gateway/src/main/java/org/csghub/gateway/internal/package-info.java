/**
 * The OpenAI-compatible gateway: the {@code /v1/*} servlet, the relay to the engines, and the usage table and
 * API. Holds an entity, so the package carries {@link org.csghub.persistence.api.EntityBundle}. Nothing here is
 * exported.
 */
@EntityBundle
package org.csghub.gateway.internal;

import org.csghub.persistence.api.EntityBundle;
