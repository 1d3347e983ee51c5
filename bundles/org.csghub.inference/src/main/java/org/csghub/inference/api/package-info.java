/**
 * What other bundles may know of inference endpoints: {@link org.csghub.inference.api.EndpointDirectory}
 * answers which running endpoints a caller may use and where they answer (the OpenAI-compatible gateway
 * routes with it).
 */
@Export
@Version("1.0.0")
package org.csghub.inference.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
