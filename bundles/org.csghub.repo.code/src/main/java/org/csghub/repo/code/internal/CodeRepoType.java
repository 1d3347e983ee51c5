package org.csghub.repo.code.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** Code: scripts, notebooks and training recipes that go with models and datasets. */
@Component
public class CodeRepoType implements RepoType {

    private static final List<CardField> FIELDS = List.of(
            CardField.text("license", "license", "SPDX id or name of the license"),
            CardField.list("tags", null, "free tags"),
            CardField.text("language", "language", "programming language"),
            CardField.text("framework", "framework", "e.g. pytorch"));

    @Override
    public String name() {
        return "code";
    }

    @Override
    public String segment() {
        return "codes";
    }

    @Override
    public String displayName() {
        return "Code";
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
