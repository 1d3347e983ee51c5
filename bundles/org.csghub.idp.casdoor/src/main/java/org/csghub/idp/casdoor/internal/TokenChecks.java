package org.csghub.idp.casdoor.internal;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * What the SDK's {@code parseJwtToken} does not check: it verifies the signature against the certificate and
 * nothing else, so an expired token, or one Casdoor issued to another application signed with the same
 * certificate, would pass. Run after the signature check.
 */
record TokenChecks(String clientId, Clock clock, Duration skew) {

    /** @return why the token is not acceptable, or {@code null} when it is */
    String problem(String token) {
        JWTClaimsSet claims;
        try {
            claims = SignedJWT.parse(token).getJWTClaimsSet();
        } catch (ParseException e) {
            return "not a JWT";
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || exp.toInstant().plus(skew).isBefore(now)) {
            return "expired";
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(skew).isAfter(now)) {
            return "not valid yet";
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(clientId)) {
            return "issued to another application";
        }
        return null;
    }
}
