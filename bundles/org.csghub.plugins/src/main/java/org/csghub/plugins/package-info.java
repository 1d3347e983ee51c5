/**
 * What makes a bundle a CSGHub plugin: the {@link org.csghub.plugins.PluginNamespace} capability in its manifest,
 * written by bnd from the {@link org.csghub.plugins.Plugin} annotation. Plugins are installed at runtime by
 * dropping the jar into {@code deploy/} or uploading it to {@code POST /api/v1/admin/plugins}.
 */
@Export
@Version("1.0.0")
package org.csghub.plugins;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
