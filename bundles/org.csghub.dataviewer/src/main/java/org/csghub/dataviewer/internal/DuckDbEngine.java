package org.csghub.dataviewer.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * One in-process, in-memory DuckDB database for all viewer queries: each query gets a connection duplicated from the
 * root one (so they share the memory limit and the thread pool) and a slot of a small semaphore.
 *
 * <p>The database may only read files under {@code allowedDir} ({@code enable_external_access=false} with
 * {@code allowed_directories}, then {@code lock_configuration}): even a query the viewer got wrong cannot read
 * anything else, write files, or install extensions. Spill files go to a directory of this instance under the
 * data directory, never to the working directory or /tmp; the extension directory points there too, and
 * autoloading/autoinstalling is off (parquet and json are built into the JDBC driver's library).
 */
final class DuckDbEngine implements AutoCloseable {

    record Settings(Path allowedDir, Path tempDir, String memoryLimit, int threads, int maxConcurrent) {
    }

    /** No query slot became free in time. */
    static final class Busy extends Exception {
        private static final long serialVersionUID = 1L;

        Busy() {
            super("the dataset viewer is busy");
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DuckDBConnection root;
    private final Semaphore slots;
    private final Path tempDir;

    DuckDbEngine(Settings s) throws SQLException {
        this.tempDir = s.tempDir();
        this.slots = new Semaphore(Math.max(1, s.maxConcurrent()), true);
        Properties p = new Properties();
        p.setProperty("memory_limit", s.memoryLimit());
        p.setProperty("threads", Integer.toString(Math.max(1, s.threads())));
        p.setProperty("temp_directory", s.tempDir().toString());
        p.setProperty("extension_directory", s.tempDir().resolve("extensions").toString());
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        // the DuckDB class is ours (embedded): no DriverManager, whose caller-class-loader checks misfire in OSGi
        root = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", p);
        try (Statement st = root.createStatement()) {
            st.execute("SET allowed_directories = [" + literal(s.allowedDir().toString() + "/") + "]");
            st.execute("SET enable_external_access = false");
            st.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            root.close();
            throw e;
        }
    }

    /** A SQL string literal; only for the configured directory, never for request data. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Runs work on a fresh connection of the shared database, waiting at most {@code waitMillis} for a slot. */
    <T> T run(long waitMillis, Work<T> work) throws SQLException, Busy, InterruptedException {
        if (!slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
            throw new Busy();
        }
        try (Connection c = root.duplicate()) {
            return work.run(c);
        } finally {
            slots.release();
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            root.close();
        } finally {
            if (Files.isDirectory(tempDir)) {
                try (Stream<Path> walk = Files.walk(tempDir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
                } catch (java.io.IOException ignored) {
                    // a spill directory left behind is removed with the next start's cleanup
                }
            }
        }
    }
}
