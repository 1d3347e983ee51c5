package org.csghub.repo.git.internal.lfs;

import jakarta.persistence.PersistenceException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The LFS URL signing key, kept in {@code lfs_signing_key} so that every replica signs and checks with the same
 * key: created by whichever replica needs it first, read by the others. Loaded on first use, not at
 * activation, so a database that is still starting does not hold up the component.
 */
@Component(service = LfsSigningKey.class)
public class LfsSigningKey {

    private final Transactions tx;
    private volatile LfsTokens tokens;

    @Activate
    public LfsSigningKey(@Reference Transactions tx) {
        this.tx = tx;
    }

    public LfsTokens tokens() {
        LfsTokens t = tokens;
        if (t == null) {
            t = new LfsTokens(HexFormat.of().parseHex(loadOrCreate()), Clock.systemUTC());
            tokens = t;
        }
        return t;
    }

    private String loadOrCreate() {
        String secret = tx.readOnly(em -> {
            LfsKeyRecord r = em.find(LfsKeyRecord.class, 1);
            return r == null ? null : r.secret;
        });
        if (secret != null) {
            return secret;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            tx.run(em -> {
                LfsKeyRecord r = new LfsKeyRecord();
                r.id = 1;
                r.secret = HexFormat.of().formatHex(random);
                r.createdAt = Instant.now();
                em.persist(r);
            });
        } catch (PersistenceException anotherReplicaWon) {
            // created concurrently elsewhere: use that one
        }
        return tx.readOnly(em -> em.find(LfsKeyRecord.class, 1).secret);
    }
}
