package org.csghub.persistence.itest;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fallback when no PostgreSQL answers: an embedded one, run in its own JVM on a flat class path (where
 * zonky is at home), until its standard input closes. Prints {@code PORT <n>} when it accepts connections.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setOverrideWorkingDirectory(dir.toFile()).start()) {
            System.out.println("PORT " + pg.getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our input
            }
        }
    }
}
