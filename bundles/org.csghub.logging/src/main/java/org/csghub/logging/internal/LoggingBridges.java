package org.csghub.logging.internal;

import java.util.logging.Level;
import java.util.logging.LogManager;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Installs both bridges. An activator rather than a DS component: it must run before Declarative Services
 * and the libraries it bridges start logging.
 */
public final class LoggingBridges implements BundleActivator, LogListener {

    private ServiceTracker<LogReaderService, LogReaderService> readers;

    @Override
    public void start(BundleContext context) {
        LogManager.getLogManager().reset();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // JUL levels below INFO are never bridged: the cost of formatting them is paid only when asked for
        java.util.logging.Logger.getLogger("").setLevel(Level.INFO);
        readers = new ServiceTracker<>(context, LogReaderService.class, null) {
            @Override
            public LogReaderService addingService(ServiceReference<LogReaderService> reference) {
                LogReaderService reader = super.addingService(reference);
                reader.addLogListener(LoggingBridges.this);
                return reader;
            }

            @Override
            public void removedService(ServiceReference<LogReaderService> reference, LogReaderService reader) {
                reader.removeLogListener(LoggingBridges.this);
                super.removedService(reference, reader);
            }
        };
        readers.open();
    }

    @Override
    public void stop(BundleContext context) {
        readers.close();
        SLF4JBridgeHandler.uninstall();
    }

    /** An OSGi log entry as an SLF4J event under the logger name it was logged with (or the bundle's name). */
    @Override
    public void logged(LogEntry entry) {
        String name = entry.getLoggerName() == null || entry.getLoggerName().equals("LogService")
                ? entry.getBundle().getSymbolicName() : entry.getLoggerName();
        Logger log = LoggerFactory.getLogger(name);
        String message = entry.getMessage();
        Throwable failure = entry.getException();
        LogLevel level = entry.getLogLevel();
        switch (level) {
            case AUDIT, ERROR -> log.error(message, failure);
            case WARN -> log.warn(message, failure);
            case INFO -> log.info(message, failure);
            case DEBUG -> log.debug(message, failure);
            default -> log.trace(message, failure);
        }
    }
}
