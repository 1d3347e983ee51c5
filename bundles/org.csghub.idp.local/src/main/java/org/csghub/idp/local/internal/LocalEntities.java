package org.csghub.idp.local.internal;

import java.util.List;
import org.csghub.persistence.api.EntityContributor;
import org.osgi.service.component.annotations.Component;

/** This bundle's table, with its migrations in {@code db/migration/idp_local}. */
@Component
public class LocalEntities implements EntityContributor {

    @Override
    public String name() {
        return "idp_local";
    }

    @Override
    public List<Class<?>> entityClasses() {
        return List.of(CredentialRecord.class);
    }
}
