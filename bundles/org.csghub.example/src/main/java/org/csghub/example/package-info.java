/**
 * The example plugin's service API: other bundles (and other plugins) use a {@link org.csghub.example.Greeter}
 * through the service registry. A real plugin exports only the packages other bundles need, like this one.
 */
@Plugin(name = "Example greetings", category = PluginNamespace.CATEGORY_OTHER, vendor = "CSGHub",
        description = "Template plugin: a REST resource, a service and a health check")
@Export
@Version("1.0.0")
package org.csghub.example;

import org.csghub.plugins.Plugin;
import org.csghub.plugins.PluginNamespace;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
