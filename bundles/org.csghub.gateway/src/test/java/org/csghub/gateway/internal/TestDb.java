package org.csghub.gateway.internal;

import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.csghub.persistence.api.Transactions;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;

/**
 * An in-memory H2 in PostgreSQL mode (Lite's settings) with the gateway's migrations applied, and the usage entity
 * validated against them by Hibernate, as the persistence bundle does: {@link Transactions} for the tests.
 */
final class TestDb implements Transactions, AutoCloseable {

    final String url = "jdbc:h2:mem:gw" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    private final Connection keepAlive;
    private final SessionFactory sessions;

    TestDb() throws Exception {
        keepAlive = DriverManager.getConnection(url);
        for (String file : List.of("V1__usage.sql", "V3__metering.sql")) {
            try (Statement st = keepAlive.createStatement()) {
                for (String sql : statements(file)) {
                    st.execute(sql);
                }
            }
        }
        sessions = new Configuration().addAnnotatedClass(UsageRecord.class)
                .setProperty(AvailableSettings.JAKARTA_JDBC_URL, url)
                .setProperty(AvailableSettings.HBM2DDL_AUTO, "validate")
                .buildSessionFactory();
    }

    private static List<String> statements(String file) throws IOException {
        try (InputStream in = TestDb.class.getResourceAsStream("/db/migration/gateway/" + file)) {
            StringBuilder sql = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.trim().startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            return List.of(sql.toString().split(";")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    void sql(String sql) throws SQLException {
        try (Statement st = keepAlive.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return sessions.fromTransaction(work::apply);
    }

    @Override
    public <T> T readOnly(Function<EntityManager, T> work) {
        return sessions.fromTransaction(work::apply);
    }

    @Override
    public void close() throws SQLException {
        sessions.close();
        keepAlive.close();
    }
}
