/** The code repository type; nothing here is exported. */
package org.csghub.repo.code.internal;
