package org.csghub.repo.model.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** Models: weights and their configuration, deployable, fine-tunable and evaluable; part of a model tree through base_model. */
@Component
public class ModelRepoType implements RepoType {

    private static final List<CardField> FIELDS = List.of(
            CardField.text("license", "license", "SPDX id or name of the license"),
            CardField.list("tags", null, "free tags"),
            CardField.text("pipeline_tag", "task", "the task, e.g. text-generation"),
            CardField.text("library_name", "library", "e.g. transformers, gguf, peft"),
            CardField.text("framework", "framework", "e.g. pytorch, tensorflow, mindspore"),
            CardField.list("language", "language", "natural languages"),
            CardField.list("base_model", null, "the model(s) this one derives from"),
            CardField.text("base_model_relation", null, "finetune, adapter, quantized or merge"),
            CardField.list("datasets", null, "datasets it was trained or tuned on"),
            CardField.list("metrics", null, "evaluation metrics"));

    @Override
    public String name() {
        return "model";
    }

    @Override
    public String segment() {
        return "models";
    }

    @Override
    public String displayName() {
        return "Model";
    }

    @Override
    public Set<RepoFeature> features() {
        return Set.of(RepoFeature.INFERENCE, RepoFeature.FINETUNE, RepoFeature.EVALUATION, RepoFeature.MODEL_TREE);
    }

    @Override
    public List<CardField> cardFields() {
        return FIELDS;
    }
}
