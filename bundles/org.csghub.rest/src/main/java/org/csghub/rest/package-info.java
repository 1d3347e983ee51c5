/**
 * What every REST resource of the hub shares: the uniform error body, the exception that produces it,
 * and the names of the request-id header and the JSON media type extension.
 *
 * <p>A resource bundle selects JSON with {@code @JSONRequired}; the hub's JSON extension (Jackson, error
 * mapping, request ids, body limits) is registered once by this bundle as a whiteboard {@code Feature}.
 */
@Export
@Version("1.3.0")
package org.csghub.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
