/** Repository registry, REST API, cards, model tree and collections; nothing here is exported. */
package org.csghub.repo.internal;
