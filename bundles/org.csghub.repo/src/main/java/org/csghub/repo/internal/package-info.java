/** Repository registry, REST API, cards, model tree and collections; nothing here is exported. */
@EntityBundle
package org.csghub.repo.internal;

import org.csghub.persistence.api.EntityBundle;
