package org.csghub.accounts.internal;

import java.util.List;
import org.csghub.persistence.api.EntityContributor;
import org.osgi.service.component.annotations.Component;

/** The accounts tables: entities here, migrations in {@code db/migration/accounts}. */
@Component
public class AccountsEntities implements EntityContributor {

    @Override
    public String name() {
        return "accounts";
    }

    @Override
    public List<Class<?>> entityClasses() {
        return List.of(UserRecord.class, NamespaceRecord.class, IdentityRecord.class, OrgRecord.class,
                MemberRecord.class, CollaboratorRecord.class, TokenRecord.class, SessionRecord.class,
                LoginStateRecord.class, AuditRecord.class);
    }
}
