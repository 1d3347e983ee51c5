/** Git repositories with JGit: smart HTTP, LFS, browsing and commits; nothing here is exported. */
package org.csghub.repo.git.internal;
