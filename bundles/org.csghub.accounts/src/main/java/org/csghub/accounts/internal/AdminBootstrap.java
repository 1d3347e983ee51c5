package org.csghub.accounts.internal;

import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.csghub.accounts.api.PasswordCredentials;
import org.csghub.accounts.api.UserView;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first site admin when there is none: named by {@code adminUsername}, with the password from
 * {@code CSGHUB_ADMIN_PASSWORD}, or else a generated one printed once on the console (never to the log).
 * Runs off the activation thread because the database may still be starting.
 */
@Component(configurationPid = AccountsConfig.PID)
public class AdminBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "csghub-admin-bootstrap");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public AdminBootstrap(@Reference AccountStore accounts, @Reference Passwords passwords,
                          @Reference PasswordCredentials credentials, AccountsConfig config) {
        worker.execute(() -> bootstrap(accounts, passwords, config));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void bootstrap(AccountStore accounts, Passwords passwords, AccountsConfig config) {
        UserView admin = null;
        for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
            try {
                if (admin == null) {
                    if (accounts.anyAdmin()) {
                        return;
                    }
                    admin = accounts.createUser(config.adminUsername(), config.adminEmail(), "Administrator", true);
                }
                String configured = config._adminPassword();
                boolean generated = configured == null || configured.isBlank();
                String password = generated ? Hashes.randomToken(new SecureRandom(), 15) : configured;
                passwords.set(admin.id(), password, true);
                LOG.info("First site admin created username={} password={}", admin.username(),
                        generated ? "generated (printed on the console once)" : "from CSGHUB_ADMIN_PASSWORD");
                if (generated) {
                    System.out.println("\n  CSGHub first start: log in as '" + admin.username() + "' with password "
                            + password + "\n  (shown once; change it with PATCH /api/v1/user)\n");
                }
                return;
            } catch (ApiException e) {
                if (e.status() == 409) {
                    return; // another replica created it
                }
                if (e.status() != 503) {
                    LOG.error("Could not create the first admin: {}", e.getMessage());
                    return;
                }
                LOG.info("First admin not created yet, the database is starting (attempt {})", attempt);
                if (!pause(attempt)) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.info("First admin not created yet (attempt {}): {}", attempt, e.toString());
                if (!pause(attempt)) {
                    return;
                }
            }
        }
    }

    private static boolean pause(int attempt) {
        try {
            Thread.sleep(Math.min(10_000, 500L * attempt));
            return true;
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
