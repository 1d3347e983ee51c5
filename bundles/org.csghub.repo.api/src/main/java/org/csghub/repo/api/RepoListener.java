package org.csghub.repo.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register one to hear about repository events. Called synchronously after the change is
 * committed, on the thread that made it: keep it short, hand long work to your own executor. An exception is
 * logged and does not undo the change.
 */
@ConsumerType
public interface RepoListener {

    void repoChanged(RepoEvent event);
}
