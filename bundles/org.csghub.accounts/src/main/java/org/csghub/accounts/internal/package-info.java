/** The accounts implementation: never exported. */
@EntityBundle
package org.csghub.accounts.internal;

import org.csghub.persistence.api.EntityBundle;
