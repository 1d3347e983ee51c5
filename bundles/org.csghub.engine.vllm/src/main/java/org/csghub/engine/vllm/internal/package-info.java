/** The vLLM engine: its descriptor is src/main/resources/engine.json; nothing here is exported. */
package org.csghub.engine.vllm.internal;
