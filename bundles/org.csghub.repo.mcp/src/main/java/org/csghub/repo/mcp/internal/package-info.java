/** The mcp repository type; nothing here is exported. */
package org.csghub.repo.mcp.internal;
