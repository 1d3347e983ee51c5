package org.csghub.accounts.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * How long authentication and permission checks take per request, as Prometheus histograms
 * ({@code csghub_auth_authenticate_seconds}, {@code csghub_auth_permission_seconds}); bench/auth-overhead.sh
 * reads them. Nothing is recorded when no meter registry is installed.
 */
@Component(service = AuthMetrics.class)
public class AuthMetrics {

    private volatile Timer authenticate;
    private volatile Timer permission;
    private volatile Timer anonymousPermission;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRegistry(MeterRegistry registry) {
        authenticate = timer(registry, "csghub.auth.authenticate", "Authentication of a request's credentials");
        permission = timer(registry, "csghub.auth.permission", "One permission check (role lookup included)",
                "caller", "authenticated");
        anonymousPermission = timer(registry, "csghub.auth.permission", "One permission check (role lookup included)",
                "caller", "anonymous");
    }

    void unbindRegistry(MeterRegistry registry) {
        authenticate = null;
        permission = null;
        anonymousPermission = null;
    }

    /** Only calls that carried credentials: an anonymous call has nothing to authenticate. */
    void authenticated(long startNanos) {
        record(authenticate, startNanos);
    }

    void checked(long startNanos, boolean anonymous) {
        record(anonymous ? anonymousPermission : permission, startNanos);
    }

    private static void record(Timer timer, long startNanos) {
        if (timer != null) {
            timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    private static Timer timer(MeterRegistry registry, String name, String description, String... tags) {
        // bucket histograms (client-side percentiles would need HdrHistogram, which does not resolve here)
        return Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(500)).maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }
}
