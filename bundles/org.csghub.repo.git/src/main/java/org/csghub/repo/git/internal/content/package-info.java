/** Repository content: browsing, the multi-file commit and archives, over JGit; nothing here is exported. */
package org.csghub.repo.git.internal.content;
