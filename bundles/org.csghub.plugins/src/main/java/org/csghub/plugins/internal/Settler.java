package org.csghub.plugins.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Debounces file events: a file is due once no event has arrived for it for the quiet period. A copy into
 * deploy/ produces a burst of MODIFY events; acting after the last one (plus a completeness check by the
 * caller) avoids installing half-written jars, without polling. Times are {@link System#nanoTime()} values,
 * passed in so the logic is testable without sleeping. Not thread-safe: only the watcher thread uses it.
 */
final class Settler {

    private final long quietNanos;
    private final Map<String, Long> dueAt = new HashMap<>();

    Settler(long quietNanos) {
        this.quietNanos = quietNanos;
    }

    /** Something happened to the file: it becomes due a quiet period from now. */
    void touch(String name, long now) {
        dueAt.put(name, now + quietNanos);
    }

    /** The file is due at once (found by a scan, no burst of events to wait out). */
    void dueNow(String name, long now) {
        dueAt.put(name, now);
    }

    void forget(String name) {
        dueAt.remove(name);
    }

    /** Removes and returns, sorted, the names that are due. */
    List<String> due(long now) {
        List<String> due = new ArrayList<>();
        dueAt.entrySet().removeIf(e -> {
            if (now - e.getValue() >= 0) {
                due.add(e.getKey());
                return true;
            }
            return false;
        });
        due.sort(null);
        return due;
    }

    /** Nanoseconds until the next name is due (0 when one is due already); -1 when nothing is pending. */
    long nanosUntilNext(long now) {
        long next = -1;
        for (long at : dueAt.values()) {
            long wait = Math.max(0, at - now);
            next = next < 0 ? wait : Math.min(next, wait);
        }
        return next;
    }

    boolean pending(String name) {
        return dueAt.containsKey(name);
    }
}
