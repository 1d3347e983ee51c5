package org.csghub.persistence.itest;

import java.util.List;
import org.csghub.persistence.api.EntityContributor;
import org.osgi.service.component.annotations.Component;

@Component
public class NotesContributor implements EntityContributor {
    @Override
    public String name() {
        return "notes";
    }

    @Override
    public List<Class<?>> entityClasses() {
        return List.of(Note.class);
    }
}
