/** The local compute runtime: engines as supervised processes on this host; nothing here is exported. */
package org.csghub.runtime.local.internal;
