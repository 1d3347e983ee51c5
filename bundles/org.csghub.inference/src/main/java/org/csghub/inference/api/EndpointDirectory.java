package org.csghub.inference.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.csghub.accounts.api.Subject;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The endpoints a caller may call: running ones, and sleeping ones (scaled to zero), which a request wakes
 * ({@link #touch}, then {@link #awaitRunning}). Public endpoints are open to every authenticated caller; private
 * ones to those who may read the endpoint (owner, organization members, collaborators, site admins). Scopes
 * are not applied here: whether a token may use the gateway at all (the {@code inference} scope) is the
 * caller's decision.
 */
@ProviderType
public interface EndpointDirectory {

    /** Every running or sleeping endpoint the subject may call, ordered by model id. */
    List<Routable> callable(Subject subject);

    /**
     * The running endpoint behind a model id ({@code ns/name} or {@code ns/name:<workload>}) when the subject may
     * call it; empty when there is none or the subject may not see it (so private endpoints stay invisible).
     */
    Optional<Routable> find(String model, Subject subject);

    /**
     * Records a request to the endpoint, so it does not go to sleep while used (written at most every few seconds),
     * and wakes it when it sleeps.
     */
    void touch(long id);

    /**
     * Waits until the endpoint behind {@code model} runs (after a wake-up), at most {@code timeout}.
     *
     * @return the running endpoint; empty when it does not run within the time, or stops or fails meanwhile
     */
    Optional<Routable> awaitRunning(String model, Subject subject, Duration timeout) throws InterruptedException;
}
