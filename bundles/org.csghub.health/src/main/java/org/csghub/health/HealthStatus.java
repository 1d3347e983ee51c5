package org.csghub.health;

import java.util.Map;

/**
 * The result of one check.
 *
 * @param state   see {@link State}
 * @param message a sentence for operators: why a check is not UP
 * @param details structured facts (pool size, plugin states, ...)
 */
public record HealthStatus(State state, String message, Map<String, Object> details) {

    /** Ordered from best to worst; an aggregate takes the worst state of its checks. */
    public enum State {
        /** Working. */
        UP,
        /** Serving, but something optional failed (a plugin that did not start). */
        DEGRADED,
        /** Not ready yet (the database is migrating); the hub answers 503 until it is. */
        STARTING,
        /** Broken. */
        DOWN;

        /** Whether the hub is ready to serve traffic in this state. */
        public boolean ready() {
            return this == UP || this == DEGRADED;
        }
    }

    public HealthStatus {
        details = details == null ? Map.of() : Map.copyOf(details);
        message = message == null ? "" : message;
    }

    public static HealthStatus up() {
        return new HealthStatus(State.UP, "", Map.of());
    }

    public static HealthStatus up(Map<String, Object> details) {
        return new HealthStatus(State.UP, "", details);
    }

    public static HealthStatus degraded(String message, Map<String, Object> details) {
        return new HealthStatus(State.DEGRADED, message, details);
    }

    public static HealthStatus starting(String message) {
        return new HealthStatus(State.STARTING, message, Map.of());
    }

    public static HealthStatus down(String message) {
        return new HealthStatus(State.DOWN, message, Map.of());
    }

    public static HealthStatus down(String message, Map<String, Object> details) {
        return new HealthStatus(State.DOWN, message, details);
    }
}
