package org.csghub.repo.dataset.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** Datasets: tabular and other training or evaluation data, previewable in the dataset viewer. */
@Component
public class DatasetRepoType implements RepoType {

    private static final List<CardField> FIELDS = List.of(
            CardField.text("license", "license", "SPDX id or name of the license"),
            CardField.list("tags", null, "free tags"),
            CardField.list("task_categories", "task", "tasks the data serves"),
            CardField.list("language", "language", "natural languages"),
            CardField.list("size_categories", null, "e.g. 1K<n<10K"),
            CardField.text("pretty_name", null, "display name"));

    @Override
    public String name() {
        return "dataset";
    }

    @Override
    public String segment() {
        return "datasets";
    }

    @Override
    public String displayName() {
        return "Dataset";
    }

    @Override
    public Set<RepoFeature> features() {
        return Set.of(RepoFeature.DATASET_VIEWER, RepoFeature.EVALUATION, RepoFeature.FINETUNE);
    }

    @Override
    public List<CardField> cardFields() {
        return FIELDS;
    }
}
