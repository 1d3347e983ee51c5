package org.csghub.repo.space.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** Spaces: applications (Gradio, Streamlit, Docker, static) built from the repository and run as an endpoint. */
@Component
public class SpaceRepoType implements RepoType {

    private static final List<CardField> FIELDS = List.of(
            CardField.text("license", "license", "SPDX id or name of the license"),
            CardField.list("tags", null, "free tags"),
            CardField.text("sdk", "sdk", "gradio, streamlit, docker, nginx or static"),
            CardField.text("sdk_version", null, "the SDK version"),
            CardField.text("app_file", null, "the entry point, e.g. app.py"),
            CardField.text("app_port", null, "the port the app listens on"),
            CardField.list("models", null, "models the app uses"),
            CardField.list("datasets", null, "datasets the app uses"));

    @Override
    public String name() {
        return "space";
    }

    @Override
    public String segment() {
        return "spaces";
    }

    @Override
    public String displayName() {
        return "Space";
    }

    @Override
    public Set<RepoFeature> features() {
        return Set.of(RepoFeature.APP_RUNTIME);
    }

    @Override
    public List<CardField> cardFields() {
        return FIELDS;
    }
}
