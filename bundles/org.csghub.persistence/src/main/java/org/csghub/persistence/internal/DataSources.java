package org.csghub.persistence.internal;

import javax.sql.DataSource;

/**
 * The driver's own DataSource for a JDBC URL. Hikari is handed an object rather than a driver class name:
 * DriverManager looks drivers up through class loaders that, in OSGi, cannot see the driver bundles.
 */
final class DataSources {

    private DataSources() {
    }

    static DataSource forUrl(String url, String user, String password) {
        if (url.startsWith("jdbc:postgresql:")) {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setUrl(url);
            if (!user.isEmpty()) {
                ds.setUser(user);
            }
            if (!password.isEmpty()) {
                ds.setPassword(password);
            }
            return ds;
        }
        if (url.startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
            ds.setURL(url);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }
        throw new IllegalArgumentException("Unsupported database URL (PostgreSQL and H2 are): " + redact(url));
    }

    /** The URL as it may appear in logs and health: without any password parameter. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
