package org.csghub.inference.api;

import java.util.List;
import java.util.Optional;
import org.csghub.accounts.api.Subject;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The running endpoints a caller may call. Public endpoints are open to every authenticated caller; private
 * ones to those who may read the endpoint (owner, organization members, collaborators, site admins). Scopes
 * are not applied here: whether a token may use the gateway at all (the {@code inference} scope) is the
 * caller's decision.
 */
@ProviderType
public interface EndpointDirectory {

    /** Every running endpoint the subject may call, ordered by model id. */
    List<Routable> callable(Subject subject);

    /**
     * The running endpoint behind a model id ({@code ns/name} or {@code ns/name:<workload>}) when the subject may
     * call it; empty when there is none or the subject may not see it (so private endpoints stay invisible).
     */
    Optional<Routable> find(String model, Subject subject);
}
