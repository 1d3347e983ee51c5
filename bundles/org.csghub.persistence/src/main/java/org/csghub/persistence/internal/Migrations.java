package org.csghub.persistence.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;

/** Flyway, set up for one contributor: its own history table, its files, nothing found by scanning. */
final class Migrations {

    private Migrations() {
    }

    /** Applies what is pending and returns how many migrations ran. */
    static int apply(DataSource dataSource, String contributor, ResourceProvider files, ClassLoader flywayLoader) {
        if (!contributor.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("Contributor name must be lower case letters, digits and _: " + contributor);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(flywayLoader);
        try {
            Flyway flyway = Flyway.configure(flywayLoader)
                    .dataSource(dataSource)
                    .table("flyway_" + contributor)
                    // other contributors' tables are already there: start this one's history at version 0
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .resourceProvider(files)
                    .javaMigrationClassProvider(java.util.List::of)
                    .load();
            return flyway.migrate().migrationsExecuted;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
