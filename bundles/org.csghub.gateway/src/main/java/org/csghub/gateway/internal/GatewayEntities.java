package org.csghub.gateway.internal;

import java.util.List;
import org.csghub.persistence.api.EntityContributor;
import org.osgi.service.component.annotations.Component;

/** The usage table and its migrations in {@code db/migration/gateway}. */
@Component
public class GatewayEntities implements EntityContributor {

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public List<Class<?>> entityClasses() {
        return List.of(UsageRecord.class);
    }
}
