package org.csghub.persistence.api;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle's tables: its entity classes and its Flyway migrations. Register one as a service; the
 * persistence bundle applies the migrations (in a schema-history table of the contributor's own, so bundles
 * version their schemas independently), then makes the entities available through {@link Transactions}.
 */
@ConsumerType
public interface EntityContributor {

    /** A short, stable name, e.g. {@code accounts}; names the schema-history table. Lower case, digits, {@code _}. */
    String name();

    /** The JPA entity classes, loaded by the contributing bundle. */
    List<Class<?>> entityClasses();

    /**
     * The folder inside the contributing bundle that holds its migrations, named like Flyway's SQL
     * migrations ({@code V1__create_things.sql}); by default {@code db/migration/<name>}. Keep them in SQL
     * that PostgreSQL and H2 (PostgreSQL mode) both run: Lite and CE share the files.
     */
    default String migrations() {
        return "db/migration/" + name();
    }
}
