/** The compute core: engine descriptors and the engine list; nothing here is exported. */
package org.csghub.compute.internal;
