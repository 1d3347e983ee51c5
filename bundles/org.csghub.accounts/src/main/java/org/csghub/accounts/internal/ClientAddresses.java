package org.csghub.accounts.internal;

import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * The caller's address: the connection's peer, or the first address of {@code X-Forwarded-For} when the peer
 * is a trusted reverse proxy (never otherwise: the header is trivially forged).
 */
@Component(service = ClientAddresses.class, configurationPid = AccountsConfig.PID)
public class ClientAddresses {

    private volatile Set<String> trustedProxies;

    @Activate
    public ClientAddresses(AccountsConfig config) {
        modified(config);
    }

    @Modified
    void modified(AccountsConfig config) {
        trustedProxies = Set.of(config.trustedProxies());
    }

    String clientIp(String peer, String forwardedFor) {
        if (peer != null && forwardedFor != null && !forwardedFor.isBlank() && trustedProxies.contains(peer)) {
            String first = forwardedFor.split(",")[0].trim();
            if (!first.isEmpty() && first.length() <= 64) {
                return first;
            }
        }
        return peer;
    }
}
