/** Git LFS: the object store over the ObjectStore service, the batch, transfer and locking HTTP API; never exported. */
@EntityBundle
package org.csghub.repo.git.internal.lfs;

import org.csghub.persistence.api.EntityBundle;
