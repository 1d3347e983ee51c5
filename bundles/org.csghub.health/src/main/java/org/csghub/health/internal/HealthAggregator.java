package org.csghub.health.internal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.csghub.health.HealthCheck;
import org.csghub.health.HealthStatus;
import org.csghub.health.HealthStatus.State;

/**
 * Runs every check in parallel under one deadline and folds the results: the overall state is the worst
 * one. A check that throws or overruns is DOWN with the reason, never a failed request.
 */
final class HealthAggregator {

    /** The aggregated report, as served. */
    record Report(State status, boolean live, boolean ready, Map<String, HealthStatus> checks) {
    }

    /** A check with the name it is reported under. */
    record Named(String name, HealthCheck check) {
    }

    private final ExecutorService executor;
    private final long deadlineMillis;

    HealthAggregator(ExecutorService executor, long deadlineMillis) {
        this.executor = executor;
        this.deadlineMillis = deadlineMillis;
    }

    Report run(List<Named> checks) {
        Map<String, CompletableFuture<HealthStatus>> running = new LinkedHashMap<>();
        checks.stream().sorted(Comparator.comparing(Named::name)).forEach(named ->
                running.put(named.name(), CompletableFuture.supplyAsync(() -> safely(named.check()), executor)));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        Map<String, HealthStatus> results = new LinkedHashMap<>();
        State worst = State.UP;
        for (Map.Entry<String, CompletableFuture<HealthStatus>> e : running.entrySet()) {
            HealthStatus status;
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                status = e.getValue().get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException timeout) {
                e.getValue().cancel(true);
                status = HealthStatus.down("Check did not answer within " + deadlineMillis + " ms");
            } catch (Exception failure) {
                status = HealthStatus.down("Check failed: " + failure);
            }
            results.put(e.getKey(), status);
            if (status.state().compareTo(worst) > 0) {
                worst = status.state();
            }
        }
        return new Report(worst, true, worst.ready(), results);
    }

    private static HealthStatus safely(HealthCheck check) {
        try {
            HealthStatus status = check.check();
            return status != null ? status : HealthStatus.down("Check returned nothing");
        } catch (RuntimeException e) {
            return HealthStatus.down("Check threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
