package org.csghub.persistence.api;

import jakarta.persistence.EntityManager;
import java.util.function.Consumer;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs work against the database. Each call is one transaction on its own {@link EntityManager}: committed
 * when the work returns, rolled back when it throws (the exception is rethrown as it was). Entities must
 * not escape the call except as detached values.
 *
 * <p>While the database is still starting, calls wait a bounded time and then fail with
 * {@link PersistenceUnavailableException}.
 */
@ProviderType
public interface Transactions {

    <T> T inTransaction(Function<EntityManager, T> work);

    default void run(Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    /** Like {@link #inTransaction} but read-only: the session does not flush and the database may optimise. */
    <T> T readOnly(Function<EntityManager, T> work);
}
