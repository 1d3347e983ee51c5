package org.csghub.inference.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An endpoint as the REST API shows it.
 *
 * @param actions       what the caller may do in this state ({@code stop}, {@code start}, {@code update},
 *                      {@code delete})
 * @param url           the engine's base URL while it runs, as the hub reaches it
 * @param openaiBaseUrl {@code url} plus the engine's OpenAI base path ({@code /v1})
 * @param model         the served model name clients put in requests
 * @param logTail       the engine's last log lines when it failed
 * @param sleepAfterSeconds idle seconds after which it sleeps (scaled to zero); 0: never
 */
public record EndpointView(long id, String name, String workload, String owner, String repo, String revision,
                           String commit, String engine, Map<String, String> engineArgs, String clusterId,
                           long resourceId, int minReplicas, int maxReplicas, String visibility, String state,
                           String reason, String message, List<String> actions, int replicas, int readyReplicas,
                           String url, String openaiBaseUrl, String model, List<String> logTail, int sleepAfterSeconds,
                           Instant lastActiveAt, Instant createdAt, Instant updatedAt, Instant stateSince) {
}
