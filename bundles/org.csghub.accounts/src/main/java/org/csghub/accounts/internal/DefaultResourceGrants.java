package org.csghub.accounts.internal;

import org.csghub.accounts.api.ResourceGrants;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Collaborator rows are keyed by the resource's {@code kind/namespace/name}; they move and go with it. */
@Component
public class DefaultResourceGrants implements ResourceGrants {

    private final Transactions tx;
    private final AccessCache cache;

    @Activate
    public DefaultResourceGrants(@Reference Transactions tx, @Reference AccessCache cache) {
        this.tx = tx;
        this.cache = cache;
    }

    @Override
    public void moved(ResourceRef from, ResourceRef to) {
        tx.run(em -> em.createQuery("update CollaboratorRecord c set c.resourceKey = :to where c.resourceKey = :from")
                .setParameter("to", to.key()).setParameter("from", from.key()).executeUpdate());
        cache.forgetRoles();
    }

    @Override
    public void removed(ResourceRef resource) {
        tx.run(em -> em.createQuery("delete from CollaboratorRecord c where c.resourceKey = :k")
                .setParameter("k", resource.key()).executeUpdate());
        cache.forgetRoles();
    }
}
