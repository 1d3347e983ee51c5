package org.csghub.gateway.internal;

import java.util.List;
import org.csghub.persistence.api.EntityContributor;
import org.osgi.service.component.annotations.Component;

/** The usage, key policy, budget and rate tables and their migrations in {@code db/migration/gateway}. */
@Component
public class GatewayEntities implements EntityContributor {

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public List<Class<?>> entityClasses() {
        return List.of(UsageRecord.class, KeyPolicy.class, BudgetWindow.class, RateWindow.class);
    }
}
