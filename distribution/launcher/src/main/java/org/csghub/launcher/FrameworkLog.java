package org.csghub.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Felix's own messages (a bundle that fails to start, a resolver problem) in the same one-line form as the
 * rest of the log, stack trace folded onto the line, instead of Felix's multi-line "ERROR: ..." on stdout.
 */
final class FrameworkLog extends Logger {

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        String where = bundle == null ? "" : " bundle=" + bundle.getSymbolicName();
        Main.log(name(level), msg + where + folded(throwable));
    }

    @Override
    protected void doLog(int level, String msg, Throwable throwable) {
        doLog(null, null, level, msg, throwable);
    }

    private static String name(int level) {
        return switch (level) {
            case LOG_ERROR -> "error";
            case LOG_WARNING -> "warn";
            case LOG_INFO -> "info";
            default -> "debug";
        };
    }

    static String folded(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return " exception=\"" + out.toString().trim().replaceAll("[\\r\\n]+\\s*", " | ") + "\"";
    }
}
