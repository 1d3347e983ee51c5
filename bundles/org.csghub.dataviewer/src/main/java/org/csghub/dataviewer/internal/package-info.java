/** The dataset viewer; nothing here is exported. */
package org.csghub.dataviewer.internal;
