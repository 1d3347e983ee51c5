/** The prompt repository type; nothing here is exported. */
package org.csghub.repo.prompt.internal;
