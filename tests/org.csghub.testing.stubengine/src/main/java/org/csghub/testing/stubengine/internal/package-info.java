/** The engine component; nothing here is exported. */
package org.csghub.testing.stubengine.internal;
