/**
 * Persistence for bundles that own tables.
 *
 * <p>A bundle contributes its JPA entity classes and its Flyway migrations by registering an
 * {@link org.csghub.persistence.api.EntityContributor}; the persistence bundle migrates the database when the
 * contributor appears and rebuilds its session factory in the background, so contributors come and go at
 * runtime without disturbing the others. Work against the database goes through
 * {@link org.csghub.persistence.api.Transactions}, which hands out a {@link jakarta.persistence.EntityManager}:
 * no bundle touches Hibernate's bootstrap.
 *
 * <p>An entity bundle also puts {@link org.csghub.persistence.api.EntityBundle} on one of its packages (or
 * classes): Hibernate defines proxy classes for lazy associations inside the entity bundle's class loader,
 * and the annotation adds the {@code DynamicImport-Package} for Hibernate's proxy packages that needs.
 */
@Export
@Version("1.0.0")
package org.csghub.persistence.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
