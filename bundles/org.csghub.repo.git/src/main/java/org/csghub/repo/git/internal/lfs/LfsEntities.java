package org.csghub.repo.git.internal.lfs;

import java.util.List;
import org.csghub.persistence.api.EntityContributor;
import org.osgi.service.component.annotations.Component;

/** The LFS tables: entities here, migrations in {@code db/migration/git}. */
@Component
public class LfsEntities implements EntityContributor {

    @Override
    public String name() {
        return "git";
    }

    @Override
    public List<Class<?>> entityClasses() {
        return List.of(LfsObjectRecord.class, LfsRepoObjectRecord.class, LfsLockRecord.class, LfsKeyRecord.class);
    }
}
