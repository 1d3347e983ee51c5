package org.csghub.inference.internal;

import java.util.List;
import org.csghub.persistence.api.EntityContributor;
import org.osgi.service.component.annotations.Component;

/** The endpoint tables and their migrations in {@code db/migration/inference}. */
@Component
public class InferenceEntities implements EntityContributor {

    @Override
    public String name() {
        return "inference";
    }

    @Override
    public List<Class<?>> entityClasses() {
        return List.of(EndpointRecord.class, EndpointEventRecord.class);
    }
}
