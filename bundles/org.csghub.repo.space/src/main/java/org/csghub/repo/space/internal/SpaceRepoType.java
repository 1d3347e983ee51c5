package org.csghub.repo.space.internal;

import java.util.List;
import java.util.Set;
import org.csghub.repo.api.BasicRepoType;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.RepoFeature;
import org.csghub.repo.api.RepoType;
import org.osgi.service.component.annotations.Component;

/** Spaces: applications (Gradio, Streamlit, Docker, static) built from the repository and run as an endpoint. */
@Component(service = RepoType.class)
public class SpaceRepoType extends BasicRepoType {

    public SpaceRepoType() {
        super("space", "spaces", "Space", Set.of(RepoFeature.APP_RUNTIME),
                List.of(
                CardField.LICENSE,
                CardField.TAGS,
                CardField.text("sdk", "sdk", "gradio, streamlit, docker, nginx or static"),
                CardField.text("sdk_version", null, "the SDK version"),
                CardField.text("app_file", null, "the entry point, e.g. app.py"),
                CardField.text("app_port", null, "the port the app listens on"),
                CardField.list("models", null, "models the app uses"),
                CardField.list("datasets", null, "datasets the app uses")));
    }
}
