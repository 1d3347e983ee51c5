/** HAMi virtual GPUs as an {@link org.csghub.compute.api.Accelerator}; nothing here is exported. */
package org.csghub.accelerator.hami.internal;
