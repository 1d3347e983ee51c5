package org.csghub.compute.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a runtime sees of a workload, at a point in time.
 *
 * @param phase         where it is
 * @param readyReplicas replicas that pass readiness
 * @param replicas      replicas that exist
 * @param url           the base URL the engine serves on, reachable from the hub; {@code null} while none
 * @param reason        for {@link Phase#FAILED} and {@link Phase#CRASHED}: a short machine-readable cause
 *                      ({@code ImagePullBackOff}, {@code Unschedulable}, {@code CrashLoopBackOff},
 *                      {@code HealthTimeout}, {@code ProcessExited}, {@code EngineMissing}, ...)
 * @param message       a sentence saying why, for people
 * @param lastLogLines  the last lines the engine wrote, for failures
 * @param since         when this phase began
 */
public record Observed(Phase phase, int readyReplicas, int replicas, String url, String reason, String message,
                       List<String> lastLogLines, Instant since) {

    /** Where a workload is. */
    public enum Phase {
        /** The runtime knows nothing of it. */
        ABSENT,
        /** Accepted, not yet running: scheduling, pulling, downloading the model. */
        PENDING,
        /** The engine runs and loads the model; not ready yet. */
        STARTING,
        /** At least one replica is ready. */
        READY,
        /** Scaled to zero on purpose. */
        SCALED_TO_ZERO,
        /** It could not be started (image, scheduling, model download, health timeout). */
        FAILED,
        /** It started and then died (crash, crash loop). */
        CRASHED
    }

    public Observed {
        Objects.requireNonNull(phase, "phase");
        lastLogLines = lastLogLines == null ? List.of() : List.copyOf(lastLogLines);
        since = since == null ? Instant.now() : since;
    }

    public static Observed absent() {
        return new Observed(Phase.ABSENT, 0, 0, null, null, null, List.of(), Instant.EPOCH);
    }
}
