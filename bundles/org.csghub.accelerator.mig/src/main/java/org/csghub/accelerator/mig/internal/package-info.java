/** NVIDIA MIG partitions as an {@link org.csghub.compute.api.Accelerator}; nothing here is exported. */
package org.csghub.accelerator.mig.internal;
