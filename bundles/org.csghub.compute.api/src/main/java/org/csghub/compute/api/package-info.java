/**
 * Compute plugins.
 *
 * <ul>
 * <li>{@link org.csghub.compute.api.InferenceEngine}: an inference engine (vLLM, TGI, Triton, NIM, llama.cpp,
 * SGLang), mostly data: an {@link org.csghub.compute.api.EngineDescriptor} read from the engine bundle by
 * {@link org.csghub.compute.api.EngineDescriptors}.</li>
 * <li>{@link org.csghub.compute.api.ComputeRuntime}: where endpoints run (local processes, Kubernetes); it is
 * given a {@link org.csghub.compute.api.LaunchSpec} and reports an {@link org.csghub.compute.api.Observed}
 * state, which the hub's controller maps to the {@link org.csghub.compute.api.EndpointState} users see.</li>
 * <li>{@link org.csghub.compute.api.Accelerator}: GPUs, GPU partitions and NPUs, as resource names, node
 * selectors and tolerations ({@link org.csghub.compute.api.Placement}).</li>
 * </ul>
 */
@Export
@Version("1.1.0")
package org.csghub.compute.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
