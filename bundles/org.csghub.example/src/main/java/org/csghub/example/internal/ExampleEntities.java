package org.csghub.example.internal;

import java.util.List;
import org.csghub.persistence.api.EntityContributor;
import org.osgi.service.component.annotations.Component;

/** The plugin's table: its entity and its migrations in {@code db/migration/example}. */
@Component
public class ExampleEntities implements EntityContributor {

    @Override
    public String name() {
        return "example";
    }

    @Override
    public List<Class<?>> entityClasses() {
        return List.of(GreetingRecord.class, NoteRecord.class);
    }
}
