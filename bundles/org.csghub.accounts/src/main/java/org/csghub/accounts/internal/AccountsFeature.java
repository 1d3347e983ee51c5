package org.csghub.accounts.internal;

import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Puts authentication, rate limiting and auditing in front of every REST resource of the hub's application.
 * Resources that must never run without them select this extension by name ({@value #NAME}).
 */
@Component(service = Feature.class)
@JakartarsExtension
@JakartarsName(AccountsFeature.NAME)
public class AccountsFeature implements Feature {

    public static final String NAME = "csghub.accounts";
    /** For resources: {@code @JakartarsExtensionSelect(AccountsFeature.SELECT)}. */
    public static final String SELECT = "(osgi.jakartars.name=" + NAME + ")";

    private final AuthFilter auth;
    private final AuditFilter audit;

    @Activate
    public AccountsFeature(@Reference DefaultAuthenticator authenticator, @Reference DbRateLimiter limiter,
                           @Reference DbAuditLog auditLog, @Reference ClientAddresses addresses,
                           @Reference AuthMetrics metrics) {
        this.auth = new AuthFilter(authenticator, limiter, addresses, metrics);
        this.audit = new AuditFilter(auditLog);
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(auth);
        context.register(audit);
        return true;
    }
}
