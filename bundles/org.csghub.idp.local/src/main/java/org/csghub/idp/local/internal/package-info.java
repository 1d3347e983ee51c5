/** Local password login: never exported. */
@Plugin(name = "Local passwords", category = PluginNamespace.CATEGORY_IDP, vendor = "CSGHub",
        description = "Username and password login with Argon2id hashes and lockout after repeated failures")
@EntityBundle
package org.csghub.idp.local.internal;

import org.csghub.persistence.api.EntityBundle;
import org.csghub.plugins.Plugin;
import org.csghub.plugins.PluginNamespace;
