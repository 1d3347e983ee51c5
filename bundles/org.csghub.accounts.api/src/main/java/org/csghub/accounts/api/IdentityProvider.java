package org.csghub.accounts.api;

import java.net.URI;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to log in, registered as a service by a login plugin ({@code idp.local}, {@code idp.oidc},
 * {@code idp.casdoor}). Several may be active; the login API lists them, and installing or removing a
 * provider's bundle adds or removes that option at runtime.
 *
 * <p>A provider is either a {@link Kind#PASSWORD} provider (the hub posts a username and password to
 * {@link #authenticate}) or a {@link Kind#REDIRECT} provider (the hub sends the browser to
 * {@link #begin}'s URI and completes with the callback's parameters). The hub owns sessions: a provider only
 * says who the person is.
 */
@ConsumerType
public interface IdentityProvider {

    enum Kind { PASSWORD, REDIRECT }

    /** A stable id used in URLs ({@code local}, {@code keycloak}, ...): lower case letters, digits, {@code -}. */
    String id();

    /** What a login page shows, e.g. "Sign in with Keycloak". */
    String displayName();

    Kind kind();

    /** PASSWORD providers: checks the credentials. */
    default ExternalIdentity authenticate(String username, char[] password) throws LoginFailedException {
        throw new UnsupportedOperationException(id() + " does not take passwords");
    }

    /** REDIRECT providers: starts a login that comes back to {@code callback}. */
    default LoginRedirect begin(URI callback) throws LoginFailedException {
        throw new UnsupportedOperationException(id() + " is not a redirect provider");
    }

    /**
     * REDIRECT providers: finishes the login from the callback's query parameters ({@code code},
     * {@code state}, {@code error} ...) and the {@code privateState} kept since {@link #begin}.
     */
    default ExternalIdentity complete(URI callback, Map<String, String> parameters, String privateState)
            throws LoginFailedException {
        throw new UnsupportedOperationException(id() + " is not a redirect provider");
    }
}
