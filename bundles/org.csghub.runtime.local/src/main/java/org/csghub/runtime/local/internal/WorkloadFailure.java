package org.csghub.runtime.local.internal;

import java.util.List;

/** Ends a workload's supervision with FAILED and a machine-readable reason. */
final class WorkloadFailure extends Exception {

    private static final long serialVersionUID = 1L;
    final String reason;
    final transient List<String> lastLogLines;

    WorkloadFailure(String reason, String message) {
        this(reason, message, List.of());
    }

    WorkloadFailure(String reason, String message, List<String> lastLogLines) {
        super(message);
        this.reason = reason;
        this.lastLogLines = lastLogLines;
    }
}
