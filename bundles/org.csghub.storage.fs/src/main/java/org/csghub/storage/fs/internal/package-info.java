/** The filesystem object store; nothing here is exported. */
package org.csghub.storage.fs.internal;
