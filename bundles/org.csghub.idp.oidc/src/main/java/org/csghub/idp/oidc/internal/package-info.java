/**
 * The OpenID Connect login plugin's implementation; nothing here is exported. The bundle registers one
 * {@code org.csghub.accounts.api.IdentityProvider} per factory configuration of PID {@code org.csghub.idp.oidc}.
 */
@Plugin(name = "OpenID Connect login", category = PluginNamespace.CATEGORY_IDP, vendor = "CSGHub",
        description = "Sign in through any OpenID Connect provider (Keycloak, Casdoor, Entra ID, ...), with groups mapped to organization roles")
package org.csghub.idp.oidc.internal;

import org.csghub.plugins.Plugin;
import org.csghub.plugins.PluginNamespace;
