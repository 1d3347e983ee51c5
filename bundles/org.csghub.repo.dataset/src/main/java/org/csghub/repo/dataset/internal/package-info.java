/** The dataset repository type; nothing here is exported. */
package org.csghub.repo.dataset.internal;
