package org.csghub.repo.prompt.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.BasicRepoType;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** Prompts: prompt templates and collections, versioned like any other asset. */
@Component(service = RepoType.class)
public class PromptRepoType extends BasicRepoType {

    public PromptRepoType() {
        super("prompt", "prompts", "Prompt", Set.of(),
                List.of(
                CardField.LICENSE,
                CardField.TAGS,
                CardField.text("task", "task", "what the prompts are for"),
                CardField.list("language", "language", "natural languages"),
                CardField.list("models", null, "models the prompts were written for")));
    }
}
