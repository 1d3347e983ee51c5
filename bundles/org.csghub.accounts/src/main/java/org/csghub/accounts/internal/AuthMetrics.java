package org.csghub.accounts.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * How long authentication and permission checks take per request, as Prometheus timers with median and p99
 * ({@code csghub_auth_authenticate_seconds}, {@code csghub_auth_permission_seconds}); bench/auth-overhead.sh
 * reads them. Nothing is recorded when no meter registry is installed.
 */
@Component(service = AuthMetrics.class)
public class AuthMetrics {

    private volatile Timer authenticate;
    private volatile Timer permission;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bind(MeterRegistry registry) {
        authenticate = timer(registry, "csghub.auth.authenticate", "Authentication of a request's credentials");
        permission = timer(registry, "csghub.auth.permission", "One permission check (role lookup included)");
    }

    void unbind(MeterRegistry registry) {
        authenticate = null;
        permission = null;
    }

    void authenticated(long startNanos) {
        record(authenticate, startNanos);
    }

    void checked(long startNanos) {
        record(permission, startNanos);
    }

    private static void record(Timer timer, long startNanos) {
        if (timer != null) {
            timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    private static Timer timer(MeterRegistry registry, String name, String description) {
        return Timer.builder(name).description(description).publishPercentiles(0.5, 0.99).register(registry);
    }
}
