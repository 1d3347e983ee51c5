package org.csghub.inference.api;

/**
 * An endpoint as a router sees it.
 *
 * @param id              the endpoint's id
 * @param model           the public model id clients name: the repository path {@code ns/name}, or
 *                        {@code ns/name:<workload>} when several endpoints serve the same repository
 * @param servedModel     the model name the engine itself answers to (what goes upstream)
 * @param owner           the user who owns the endpoint
 * @param repo            the served repository's path {@code ns/name}
 * @param engine          the engine's name ({@code llama-cpp}, {@code vllm}, ...)
 * @param state           the endpoint's state: {@code Running}, or {@code Sleeping} (or waking up: {@code Deploying},
 *                        {@code Startup}) for an endpoint scaled to zero
 * @param openaiBaseUrl   the engine's OpenAI base URL as the hub reaches it, e.g. {@code http://127.0.0.1:41234/v1};
 *                        {@code null} unless {@code Running}
 * @param privateEndpoint whether only those who may read the endpoint may call it
 */
public record Routable(long id, String model, String servedModel, String owner, String repo, String engine,
                       String state, String openaiBaseUrl, boolean privateEndpoint) {
}
