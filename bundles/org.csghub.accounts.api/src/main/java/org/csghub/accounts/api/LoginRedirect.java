package org.csghub.accounts.api;

import java.net.URI;
import java.util.Objects;

/**
 * The first leg of a redirect login: where to send the browser, and what to keep until the callback.
 *
 * @param authorizationUri the provider's login page, with {@code state} and whatever else it needs
 * @param state            the opaque value the provider echoes back on the callback
 * @param privateState     kept by the hub (never sent to the browser) and handed back on completion:
 *                         a PKCE verifier, a nonce, ...
 */
public record LoginRedirect(URI authorizationUri, String state, String privateState) {

    public LoginRedirect {
        Objects.requireNonNull(authorizationUri, "authorizationUri");
        Objects.requireNonNull(state, "state");
    }
}
