package org.csghub.accounts.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.persistence.PersistenceException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Signs and verifies the access JWTs of login sessions (HS256). The key is generated once and kept in the
 * database, so every replica signs and verifies with the same one.
 */
@Component(service = SessionTokens.class)
public class SessionTokens {

    static final String ISSUER = "csghub";
    private static final String KEY_ID = "session-hs256";

    private final Transactions tx;
    private volatile byte[] secret;

    @Activate
    public SessionTokens(@Reference Transactions tx) {
        this.tx = tx;
    }

    /** The claims a valid access token carries. */
    record Claims(long userId, String username, String sessionId, Instant expiresAt) {
    }

    String sign(long userId, String username, String sessionId, Instant expiresAt) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(Long.toString(userId))
                    .claim("name", username).claim("sid", sessionId).issueTime(new Date())
                    .expirationTime(Date.from(expiresAt)).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY_ID).build(), claims);
            jwt.sign(new MACSigner(key()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a session token", e);
        }
    }

    /** The claims of a well-signed, unexpired token; {@code null} for anything else. */
    Claims verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key()))) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer()) || exp == null || exp.toInstant().isBefore(Instant.now())) {
                return null;
            }
            return new Claims(Long.parseLong(claims.getSubject()), claims.getStringClaim("name"),
                    claims.getStringClaim("sid"), exp.toInstant());
        } catch (ParseException | JOSEException | NumberFormatException e) {
            return null;
        }
    }

    /** Whether the value looks like a JWT at all (three base64url parts). */
    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2 && token.startsWith("ey");
    }

    private byte[] key() {
        byte[] current = secret;
        if (current == null) {
            current = loadOrCreate();
            secret = current;
        }
        return current;
    }

    private byte[] loadOrCreate() {
        String stored = load();
        if (stored == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                tx.run(em -> em.createNativeQuery("insert into accounts_signing_key (id, secret, created_at)"
                                + " values (?1, ?2, ?3)")
                        .setParameter(1, KEY_ID).setParameter(2, Base64.getEncoder().encodeToString(fresh))
                        .setParameter(3, Instant.now()).executeUpdate());
            } catch (PersistenceException raced) {
                // another replica stored its key first: use that one
            }
            stored = load();
        }
        return Base64.getDecoder().decode(stored);
    }

    private String load() {
        List<?> rows = tx.readOnly(em -> em.createNativeQuery("select secret from accounts_signing_key where id = ?1")
                .setParameter(1, KEY_ID).getResultList());
        return rows.isEmpty() ? null : (String) rows.get(0);
    }
}
