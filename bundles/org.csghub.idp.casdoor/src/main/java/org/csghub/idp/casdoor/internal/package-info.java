/**
 * The Casdoor login plugin's implementation; nothing here is exported. The bundle registers one
 * {@code org.csghub.accounts.api.IdentityProvider} per factory configuration of PID {@code org.csghub.idp.casdoor}.
 */
@Plugin(name = "Casdoor login", category = PluginNamespace.CATEGORY_IDP, vendor = "CSGHub",
        description = "Sign in through Casdoor, with Casdoor groups mapped to organization roles")
package org.csghub.idp.casdoor.internal;

import org.csghub.plugins.Plugin;
import org.csghub.plugins.PluginNamespace;
