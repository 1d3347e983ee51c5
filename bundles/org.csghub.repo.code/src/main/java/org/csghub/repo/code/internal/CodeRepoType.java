package org.csghub.repo.code.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.BasicRepoType;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** Code: scripts, notebooks and training recipes that go with models and datasets. */
@Component(service = RepoType.class)
public class CodeRepoType extends BasicRepoType {

    public CodeRepoType() {
        super("code", "codes", "Code", Set.of(),
                List.of(
                CardField.LICENSE,
                CardField.TAGS,
                CardField.text("language", "language", "programming language"),
                CardField.text("framework", "framework", "e.g. pytorch")));
    }
}
