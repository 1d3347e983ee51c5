package org.csghub.persistence.internal;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.csghub.persistence.api.EntityContributor;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.osgi.framework.Bundle;

/** Builds a Hibernate session factory over the contributors' entity classes, validating them against the schema. */
final class SessionFactories {

    private SessionFactories() {
    }

    static SessionFactory build(DataSource dataSource, List<Map.Entry<EntityContributor, Bundle>> contributors,
            ClassLoader own) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Hibernate resolves its services and the contributors' classes through these loaders
        thread.setContextClassLoader(own);
        try {
            BootstrapServiceRegistryBuilder bootstrap = new BootstrapServiceRegistryBuilder()
                    .applyClassLoader(own)
                    .applyClassLoader(SessionFactory.class.getClassLoader());
            contributors.forEach(e -> e.getKey().entityClasses()
                    .forEach(type -> bootstrap.applyClassLoader(type.getClassLoader())));
            StandardServiceRegistry registry = new StandardServiceRegistryBuilder(bootstrap.build())
                    .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                    .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
                    .applySetting(AvailableSettings.SHOW_SQL, false)
                    .build();
            MetadataSources sources = new MetadataSources(registry);
            contributors.forEach(e -> e.getKey().entityClasses().forEach(sources::addAnnotatedClass));
            try {
                return sources.buildMetadata().buildSessionFactory();
            } catch (RuntimeException e) {
                StandardServiceRegistryBuilder.destroy(registry);
                throw e;
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
