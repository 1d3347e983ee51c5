/** The NVIDIA NIM engine: its descriptor is src/main/resources/engine.json; nothing here is exported. */
package org.csghub.engine.nim.internal;
