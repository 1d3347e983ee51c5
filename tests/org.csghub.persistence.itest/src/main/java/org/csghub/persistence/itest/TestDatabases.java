package org.csghub.persistence.itest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL the tests use: the one at 127.0.0.1:5432 (or {@code CSGHUB_TEST_PG_URL}) when it answers,
 * otherwise an embedded one started in a separate JVM. Each run gets a fresh database, dropped afterwards.
 */
final class TestDatabases implements AutoCloseable {

    static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final String adminUrl;
    private final Process embedded;
    private final String database = "itest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private TestDatabases(String adminUrl, Process embedded) {
        this.adminUrl = adminUrl;
        this.embedded = embedded;
    }

    static TestDatabases start(String configuredAdminUrl, Path classes, Path zonkyJars, Path work) throws Exception {
        String admin = configuredAdminUrl == null || configuredAdminUrl.isBlank() ? DEFAULT_ADMIN_URL : configuredAdminUrl;
        if (answers(admin)) {
            return new TestDatabases(admin, null).create();
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + java.io.File.pathSeparator + zonkyJars.resolve("*"),
                EmbeddedPostgresMain.class.getName(), work.resolve("embedded-pg").toString())
                .redirectError(work.resolve("embedded-pg.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(120, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new AssertionError("Embedded PostgreSQL did not start (see " + work.resolve("embedded-pg.log") + ")");
        }
        String url = "jdbc:postgresql://127.0.0.1:" + line.substring(5).trim() + "/postgres?user=postgres";
        return new TestDatabases(url, process).create();
    }

    /** Creates (true) or drops (false) another database on the same server; returns its URL. */
    String extra(String name, boolean create) throws SQLException {
        execute(adminUrl, create ? "CREATE DATABASE " + name : "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        return adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    /** Whether the server was started here because none answered. */
    boolean isEmbedded() {
        return embedded != null;
    }

    /** The JDBC URL of this run's database. */
    String url() {
        return adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }

    private TestDatabases create() throws SQLException {
        execute(adminUrl, "CREATE DATABASE " + database);
        return this;
    }

    @Override
    public void close() throws Exception {
        try {
            execute(adminUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } finally {
            if (embedded != null) {
                embedded.getOutputStream().close();
                if (!embedded.waitFor(30, TimeUnit.SECONDS)) {
                    embedded.destroyForcibly();
                }
            }
        }
    }

    static boolean answers(String url) {
        try (Connection c = dataSource(url).getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    static long count(String url, String sql) throws SQLException {
        try (Connection c = dataSource(url).getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = dataSource(url).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setConnectTimeout(3);
        ds.setLoginTimeout(3);
        return ds;
    }
}
