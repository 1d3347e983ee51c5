package org.csghub.accounts.internal;

import java.util.Map;
import org.csghub.accounts.api.PasswordCredentials;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Sets local passwords through whichever bundle provides them ({@code idp.local}); without one, the hub
 * refuses passwords (400) rather than silently ignoring them.
 */
@Component(service = Passwords.class)
public class Passwords {

    static final String LOCAL = "local";

    private final AccountStore accounts;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PasswordCredentials credentials;

    @Activate
    public Passwords(@Reference AccountStore accounts) {
        this.accounts = accounts;
    }

    boolean available() {
        return credentials != null;
    }

    /** Sets the user's password and links the user to the local provider (once). */
    void set(long userId, String password, boolean linkNeeded) {
        PasswordCredentials current = credentials;
        if (current == null) {
            throw new ApiException(400, "passwords_unavailable",
                    "Password login is not installed on this hub (bundle org.csghub.idp.local)");
        }
        try {
            current.set(userId, password.toCharArray());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_password", e.getMessage(), Map.of("field", "password"));
        }
        if (linkNeeded) {
            accounts.link(userId, LOCAL, Long.toString(userId));
        }
    }

    void remove(long userId) {
        PasswordCredentials current = credentials;
        if (current != null) {
            current.remove(userId);
        }
    }
}
