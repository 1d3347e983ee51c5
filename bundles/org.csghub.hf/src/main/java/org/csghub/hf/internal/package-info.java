/** The HuggingFace-compatible API; nothing here is exported. */
package org.csghub.hf.internal;
