package org.csghub.compute.internal;

import java.util.List;
import org.csghub.persistence.api.EntityContributor;
import org.osgi.service.component.annotations.Component;

/** The catalogue's tables and their migrations in {@code db/migration/compute}. */
@Component
public class CatalogueEntities implements EntityContributor {

    @Override
    public String name() {
        return "compute";
    }

    @Override
    public List<Class<?>> entityClasses() {
        return List.of(ClusterRecord.class, ResourceRecord.class);
    }
}
