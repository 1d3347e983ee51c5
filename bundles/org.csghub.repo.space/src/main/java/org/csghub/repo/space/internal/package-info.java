/** The space repository type; nothing here is exported. */
package org.csghub.repo.space.internal;
