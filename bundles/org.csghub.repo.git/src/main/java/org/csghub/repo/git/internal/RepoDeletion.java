package org.csghub.repo.git.internal;

import java.io.IOException;
import org.csghub.repo.api.RepoEvent;
import org.csghub.repo.api.RepoListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a repository's bare Git directory once the repository is deleted from the registry. Its LFS objects
 * stay: they are shared across repositories by oid.
 */
@Component
public class RepoDeletion implements RepoListener {

    private static final Logger LOG = LoggerFactory.getLogger(RepoDeletion.class);

    private final GitRepos repos;

    @Activate
    public RepoDeletion(@Reference GitRepos repos) {
        this.repos = repos;
    }

    @Override
    public void repoChanged(RepoEvent event) {
        if (event.kind() != RepoEvent.Kind.DELETED) {
            return;
        }
        try {
            repos.delete(event.repo().id());
            LOG.info("Deleted the Git repository of {} (id {})", event.repo().path(), event.repo().id());
        } catch (IOException e) {
            LOG.warn("Could not delete the Git repository of {} (id {})", event.repo().path(), event.repo().id(), e);
        }
    }
}
