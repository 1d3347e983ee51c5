package org.csghub.repo.internal;

import java.util.List;
import org.csghub.persistence.api.EntityContributor;
import org.osgi.service.component.annotations.Component;

/** The registry's tables (migrations in db/migration/repo). */
@Component
public class RepoEntities implements EntityContributor {

    @Override
    public String name() {
        return "repo";
    }

    @Override
    public List<Class<?>> entityClasses() {
        return List.of(RepoRecord.class, FacetRecord.class, LikeRecord.class, RelationRecord.class,
                CollectionRecord.class, CollectionItemRecord.class);
    }
}
