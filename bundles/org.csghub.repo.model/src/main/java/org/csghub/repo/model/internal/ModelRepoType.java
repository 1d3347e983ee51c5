package org.csghub.repo.model.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.BasicRepoType;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** Models: weights and their configuration, deployable, fine-tunable and evaluable; part of a model tree through base_model. */
@Component(service = RepoType.class)
public class ModelRepoType extends BasicRepoType {

    public ModelRepoType() {
        super("model", "models", "Model", Set.of(RepoFeature.INFERENCE, RepoFeature.FINETUNE, RepoFeature.EVALUATION, RepoFeature.MODEL_TREE),
                List.of(
                CardField.LICENSE,
                CardField.TAGS,
                CardField.text("pipeline_tag", "task", "the task, e.g. text-generation"),
                CardField.text("library_name", "library", "e.g. transformers, gguf, peft"),
                CardField.text("framework", "framework", "e.g. pytorch, tensorflow, mindspore"),
                CardField.list("language", "language", "natural languages"),
                CardField.list("base_model", null, "the model(s) this one derives from"),
                CardField.text("base_model_relation", null, "finetune, adapter, quantized or merge"),
                CardField.list("datasets", null, "datasets it was trained or tuned on"),
                CardField.list("metrics", null, "evaluation metrics")));
    }
}
