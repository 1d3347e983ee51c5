package org.csghub.example.internal;

import java.util.Optional;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.accounts.api.ResourceResolver;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Tells the hub which notes exist, so collaborators can be added to them ({@code /api/v1/collaborators/note/...}). */
@Component(property = ResourceResolver.KIND + "=" + NoteRecord.KIND)
public class NotesResolver implements ResourceResolver {

    private final Transactions tx;

    @Activate
    public NotesResolver(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<ResourceRef> find(String namespace, String name) {
        return tx.readOnly(em -> NotesResource.find(em, namespace, name).map(NoteRecord::ref));
    }
}
