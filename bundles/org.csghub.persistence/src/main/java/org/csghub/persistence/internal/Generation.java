package org.csghub.persistence.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;

/**
 * One session factory and the transactions running on it. When a newer generation replaces it, it is
 * retired and closed once its last transaction ends, so in-flight work finishes on the factory it began on.
 */
final class Generation {

    private final SessionFactory factory;
    private final List<String> contributors;
    private final long additionsCovered;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean retired;

    Generation(SessionFactory factory, List<String> contributors, long additionsCovered) {
        this.factory = factory;
        this.contributors = List.copyOf(contributors);
        this.additionsCovered = additionsCovered;
    }

    /** How many contributor arrivals this factory includes (see Database#enter). */
    long additionsCovered() {
        return additionsCovered;
    }

    SessionFactory factory() {
        return factory;
    }

    List<String> contributors() {
        return contributors;
    }

    /** Enters a transaction; false if this generation was retired meanwhile (the caller takes the current one). */
    boolean enter() {
        inFlight.incrementAndGet();
        if (retired) {
            exit();
            return false;
        }
        return true;
    }

    void exit() {
        if (inFlight.decrementAndGet() == 0 && retired) {
            close();
        }
    }

    void retire() {
        retired = true;
        if (inFlight.get() == 0) {
            close();
        }
    }

    private synchronized void close() {
        if (factory.isOpen()) {
            factory.close();
        }
    }
}
