package org.csghub.idp.local.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.csghub.accounts.api.ExternalIdentity;
import org.csghub.accounts.api.IdentityProvider;
import org.csghub.accounts.api.LoginFailedException;
import org.csghub.accounts.api.PasswordCredentials;
import org.csghub.accounts.api.UserDirectory;
import org.csghub.accounts.api.UserView;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} login: checks a username and password against an Argon2id hash. Each failure in a row
 * costs the guesser an extra, growing delay; after {@code lockAfterFailures} the account is locked for
 * {@code lockSeconds}, and the answer no longer says whether the password was right.
 */
@Component(service = {IdentityProvider.class, PasswordCredentials.class}, configurationPid = LocalConfig.PID)
@Designate(ocd = LocalConfig.class)
public class LocalPasswords implements IdentityProvider, PasswordCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPasswords.class);
    private static final String INVALID = "Invalid username or password";

    private final Transactions tx;
    private final UserDirectory users;
    private volatile LocalConfig config;
    private volatile Argon2id hasher;
    /** Spent on unknown users so that a failed login takes as long whether or not the user exists; made on
     *  first use (an Argon2 hash costs ~0.3 s of CPU, which start-up need not pay). */
    private volatile String decoy;

    @Activate
    public LocalPasswords(@Reference Transactions tx, @Reference UserDirectory users, LocalConfig config) {
        this.tx = tx;
        this.users = users;
        modified(config);
    }

    @Modified
    void modified(LocalConfig changed) {
        this.config = changed;
        this.hasher = new Argon2id(changed.argon2MemoryKiB(), changed.argon2Iterations());
        this.decoy = null;
    }

    private String decoy() {
        String d = decoy;
        if (d == null) {
            // a race makes two decoys with the same parameters; either serves
            d = hasher.hash("decoy-password".toCharArray());
            decoy = d;
        }
        return d;
    }

    @Override
    public String id() {
        return "local";
    }

    @Override
    public String displayName() {
        return "Username and password";
    }

    @Override
    public Kind kind() {
        return Kind.PASSWORD;
    }

    @Override
    public ExternalIdentity authenticate(String username, char[] password) throws LoginFailedException {
        Optional<UserView> user = users.byUsername(username);
        if (user.isEmpty()) {
            Argon2id.verify(password, decoy());
            throw new LoginFailedException(INVALID);
        }
        UserView found = user.get();
        CredentialRecord credential = tx.readOnly(em -> em.find(CredentialRecord.class, found.id()));
        if (credential == null) {
            Argon2id.verify(password, decoy());
            throw new LoginFailedException(INVALID);
        }
        if (credential.lockedUntil != null && credential.lockedUntil.isAfter(Instant.now())) {
            throw new LoginFailedException("Too many failed logins: this account is locked until "
                    + credential.lockedUntil);
        }
        if (!Argon2id.verify(password, credential.passwordHash)) {
            int failures = recordFailure(found.id());
            LOG.info("Failed password login user={} failuresInARow={}", found.username(), failures);
            slowDown(failures);
            if (failures >= config.lockAfterFailures()) {
                throw new LoginFailedException("Too many failed logins: this account is locked for "
                        + Duration.ofSeconds(config.lockSeconds()).toMinutes() + " minutes");
            }
            throw new LoginFailedException(INVALID);
        }
        if (found.disabled()) {
            throw new LoginFailedException("This account is disabled");
        }
        if (credential.failedLogins > 0) {
            tx.run(em -> {
                CredentialRecord row = em.find(CredentialRecord.class, found.id());
                row.failedLogins = 0;
                row.lockedUntil = null;
            });
        }
        return new ExternalIdentity(id(), Long.toString(found.id()), found.username(), found.email(),
                found.displayName(), found.avatarUrl(), null);
    }

    @Override
    public void set(long userId, char[] password) {
        LocalConfig cfg = config;
        if (password == null || password.length < cfg.minPasswordLength()) {
            throw new IllegalArgumentException("password must be at least " + cfg.minPasswordLength() + " characters");
        }
        if (password.length > 128) {
            throw new IllegalArgumentException("password must be at most 128 characters");
        }
        String hash = hasher.hash(password);
        tx.run(em -> {
            CredentialRecord row = em.find(CredentialRecord.class, userId);
            boolean fresh = row == null;
            if (fresh) {
                row = new CredentialRecord();
                row.userId = userId;
            }
            row.passwordHash = hash;
            row.failedLogins = 0;
            row.lockedUntil = null;
            row.updatedAt = Instant.now();
            if (fresh) {
                em.persist(row);
            }
        });
    }

    @Override
    public void remove(long userId) {
        tx.run(em -> em.createQuery("delete from CredentialRecord c where c.userId = :u").setParameter("u", userId)
                .executeUpdate());
    }

    private int recordFailure(long userId) {
        LocalConfig cfg = config;
        return tx.inTransaction(em -> {
            CredentialRecord row = em.find(CredentialRecord.class, userId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            row.failedLogins++;
            if (row.failedLogins >= cfg.lockAfterFailures()) {
                row.lockedUntil = Instant.now().plusSeconds(cfg.lockSeconds());
            }
            row.updatedAt = Instant.now();
            return row.failedLogins;
        });
    }

    private void slowDown(int failures) {
        long delay = Math.min(config.maxFailureDelayMillis(), 100L << Math.min(10, failures - 1));
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
