package org.csghub.plugins.internal;

/** Turns exceptions and DS failure traces into one readable line for operators. */
final class Failures {

    private static final int MAX = 600;

    private Failures() {
    }

    /** The exception's message and, when different, its root cause's. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = String.valueOf(failure.getMessage());
        if (root != failure) {
            text += " (caused by " + root.getClass().getName() + ": " + root.getMessage() + ")";
        }
        return limit(text);
    }

    /**
     * A stack trace as SCR reports it ({@code ComponentConfigurationDTO.failure}), reduced to its first line and
     * the last {@code Caused by:} line, which names what the component's own code threw.
     */
    static String summarize(String trace) {
        if (trace == null || trace.isBlank()) {
            return null;
        }
        String[] lines = trace.strip().split("\\R");
        String first = lines[0].strip();
        String cause = null;
        for (String line : lines) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length()).strip();
            }
        }
        return limit(cause == null || first.contains(cause) ? first : first + " (caused by " + cause + ")");
    }

    private static String limit(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }
}
