package org.csghub.accounts.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable audit trail. Mutating REST calls are recorded by the hub itself; other bundles record what
 * happens outside REST (a git push, a key used by the gateway). {@link #record} returns once the event is
 * committed. Never put secrets in an event.
 */
@ProviderType
public interface AuditLog {

    void record(AuditEvent event);
}
