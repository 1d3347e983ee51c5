package org.csghub.idp.oidc.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.MalformedURLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The provider's discovery document and the ID token validator built from it (whose JWKS source caches the
 * keys and refetches them when a token names an unknown key), cached for a while: a login costs no discovery
 * round trip, and a provider that rotates endpoints is picked up within the cache time. A failed discovery is
 * not cached, so the next login retries.
 */
final class Discovery {

    /** What discovery yields: the endpoints and a validator for this client's ID tokens. */
    record Endpoints(OIDCProviderMetadata metadata, IDTokenValidator idTokenValidator) {
    }

    private final Issuer issuer;
    private final ClientID clientId;
    private final int timeoutMillis;
    private final Duration ttl;
    private final Clock clock;

    private Endpoints cached;
    private Instant fetchedAt;

    Discovery(Issuer issuer, ClientID clientId, int timeoutMillis, Duration ttl, Clock clock) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.timeoutMillis = timeoutMillis;
        this.ttl = ttl;
        this.clock = clock;
    }

    synchronized Endpoints endpoints() throws IOException, GeneralException {
        Instant now = clock.instant();
        if (cached == null || fetchedAt.plus(ttl).isBefore(now)) {
            // resolve() also checks that the document names the configured issuer
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(issuer, timeoutMillis, timeoutMillis);
            cached = new Endpoints(metadata, validator(metadata));
            fetchedAt = now;
        }
        return cached;
    }

    private IDTokenValidator validator(OIDCProviderMetadata metadata) throws MalformedURLException, GeneralException {
        if (metadata.getJWKSetURI() == null) {
            throw new GeneralException("the provider publishes no jwks_uri");
        }
        JWKSource<SecurityContext> keys = JWKSourceBuilder
                .create(metadata.getJWKSetURI().toURL(), new DefaultResourceRetriever(timeoutMillis, timeoutMillis))
                .build();
        return new IDTokenValidator(issuer, clientId, new JWSVerificationKeySelector<>(algorithms(metadata), keys), null);
    }

    /**
     * Signature algorithms the provider says it signs ID tokens with, keeping only those verified with its
     * published keys: {@code none} is never accepted, and HMAC would make the client secret the key.
     */
    private static Set<JWSAlgorithm> algorithms(OIDCProviderMetadata metadata) {
        Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
        List<JWSAlgorithm> advertised = metadata.getIDTokenJWSAlgs();
        for (JWSAlgorithm alg : advertised == null ? List.of(JWSAlgorithm.RS256) : advertised) {
            if (JWSAlgorithm.Family.RSA.contains(alg) || JWSAlgorithm.Family.EC.contains(alg)
                    || JWSAlgorithm.Family.ED.contains(alg)) {
                accepted.add(alg);
            }
        }
        if (accepted.isEmpty()) {
            accepted.add(JWSAlgorithm.RS256); // the algorithm OIDC requires every provider to support
        }
        return accepted;
    }
}
