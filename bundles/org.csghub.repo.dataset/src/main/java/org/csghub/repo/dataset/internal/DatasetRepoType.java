package org.csghub.repo.dataset.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.BasicRepoType;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** Datasets: tabular and other training or evaluation data, previewable in the dataset viewer. */
@Component(service = RepoType.class)
public class DatasetRepoType extends BasicRepoType {

    public DatasetRepoType() {
        super("dataset", "datasets", "Dataset", Set.of(RepoFeature.DATASET_VIEWER, RepoFeature.EVALUATION, RepoFeature.FINETUNE),
                List.of(
                CardField.LICENSE,
                CardField.TAGS,
                CardField.list("task_categories", "task", "tasks the data serves"),
                CardField.list("language", "language", "natural languages"),
                CardField.list("size_categories", null, "e.g. 1K<n<10K"),
                CardField.text("pretty_name", null, "display name")));
    }
}
