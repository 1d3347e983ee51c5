package org.csghub.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.csghub.health.HealthStatus;
import org.csghub.health.HealthStatus.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthAggregatorTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HealthAggregator aggregator = new HealthAggregator(executor, 300);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void noChecksMeansUpAndReady() {
        HealthAggregator.Report report = aggregator.run(List.of());
        assertThat(report.status()).isEqualTo(State.UP);
        assertThat(report.ready()).isTrue();
    }

    @Test
    void worstStateWinsAndDegradedIsStillReady() {
        HealthAggregator.Report report = aggregator.run(List.of(
                new HealthAggregator.Named("db", HealthStatus::up),
                new HealthAggregator.Named("plugins", () -> HealthStatus.degraded("one failed", null))));
        assertThat(report.status()).isEqualTo(State.DEGRADED);
        assertThat(report.ready()).isTrue();
        assertThat(report.checks()).containsOnlyKeys("db", "plugins");
    }

    @Test
    void startingIsNotReady() {
        HealthAggregator.Report report = aggregator.run(List.of(
                new HealthAggregator.Named("db", () -> HealthStatus.starting("migrating"))));
        assertThat(report.ready()).isFalse();
        assertThat(report.live()).isTrue();
    }

    @Test
    void throwingAndSlowChecksAreDownWithTheReason() {
        HealthAggregator.Report report = aggregator.run(List.of(
                new HealthAggregator.Named("boom", () -> {
                    throw new IllegalStateException("pool closed");
                }),
                new HealthAggregator.Named("slow", () -> {
                    try {
                        Thread.sleep(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return HealthStatus.up();
                })));
        assertThat(report.status()).isEqualTo(State.DOWN);
        assertThat(report.checks().get("boom").message()).contains("pool closed");
        assertThat(report.checks().get("slow").message()).contains("300 ms");
    }
}
