package org.csghub.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh PostgreSQL database for one test: on the server at 127.0.0.1:5432 (or {@code CSGHUB_TEST_PG_URL},
 * an admin URL) when it answers, otherwise on an embedded server started here. Dropped on close.
 */
final class TestPostgres implements AutoCloseable {

    private final String adminUrl;
    private final EmbeddedPostgres embedded;
    private final String database = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private TestPostgres(String adminUrl, EmbeddedPostgres embedded) throws SQLException {
        this.adminUrl = adminUrl;
        this.embedded = embedded;
        execute("CREATE DATABASE " + database);
    }

    static TestPostgres create() throws SQLException, IOException {
        String configured = System.getenv("CSGHUB_TEST_PG_URL");
        String admin = configured == null || configured.isBlank()
                ? "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres" : configured;
        if (answers(admin)) {
            return new TestPostgres(admin, null);
        }
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        return new TestPostgres("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres", pg);
    }

    /** JDBC URL of the test database, without credentials (they go in their own settings). */
    String url() {
        return adminUrl.replaceFirst("/[^/?]+(\\?.*)?$", "/" + database);
    }

    String user() {
        return "postgres";
    }

    @Override
    public void close() throws Exception {
        try {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static boolean answers(String url) {
        try (Connection c = source(url).getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = source(adminUrl).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static PGSimpleDataSource source(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setConnectTimeout(3);
        return ds;
    }
}
