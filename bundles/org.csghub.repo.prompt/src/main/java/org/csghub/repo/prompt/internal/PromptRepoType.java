package org.csghub.repo.prompt.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** Prompts: prompt templates and collections, versioned like any other asset. */
@Component
public class PromptRepoType implements RepoType {

    private static final List<CardField> FIELDS = List.of(
            CardField.text("license", "license", "SPDX id or name of the license"),
            CardField.list("tags", null, "free tags"),
            CardField.text("task", "task", "what the prompts are for"),
            CardField.list("language", "language", "natural languages"),
            CardField.list("models", null, "models the prompts were written for"));

    @Override
    public String name() {
        return "prompt";
    }

    @Override
    public String segment() {
        return "prompts";
    }

    @Override
    public String displayName() {
        return "Prompt";
    }

    @Override
    public Set<RepoFeature> features() {
        return Set.of();
    }

    @Override
    public List<CardField> cardFields() {
        return FIELDS;
    }
}
