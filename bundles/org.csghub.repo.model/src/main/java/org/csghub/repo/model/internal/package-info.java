/** The model repository type; nothing here is exported. */
package org.csghub.repo.model.internal;
