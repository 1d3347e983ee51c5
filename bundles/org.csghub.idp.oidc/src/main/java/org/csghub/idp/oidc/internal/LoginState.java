package org.csghub.idp.oidc.internal;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;

/**
 * What one login keeps between {@code begin} and {@code complete}: the state echoed by the provider, the nonce
 * the ID token must carry and the PKCE verifier that proves the code was asked for by us. The hub stores it
 * server-side as the {@code privateState} string; all three are base64url, so a dot separates them.
 */
record LoginState(String state, String nonce, String codeVerifier) {

    static LoginState fresh() {
        return new LoginState(new State().getValue(), new Nonce().getValue(), new CodeVerifier().getValue());
    }

    String encode() {
        return state + "." + nonce + "." + codeVerifier;
    }

    /** @return the decoded state, or {@code null} when the string is not one this provider wrote */
    static LoginState decode(String privateState) {
        if (privateState == null) {
            return null;
        }
        String[] parts = privateState.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].length() < 43) {
            return null;
        }
        return new LoginState(parts[0], parts[1], parts[2]);
    }
}
