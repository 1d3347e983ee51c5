package org.csghub.repo.git.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.repo.git} (conf/org.csghub.repo.git.cfg). */
@ObjectClassDefinition(name = "CSGHub Git repositories")
public @interface GitConfig {

    String PID = "org.csghub.repo.git";

    @AttributeDefinition(description = "Directory holding the bare repositories (sharded by repository id)")
    String dataDir() default "csghub-data/git";

    @AttributeDefinition(description = "Largest file accepted in a push or web commit without LFS, in bytes (default 20 MB)")
    long maxNonLfsFileBytes() default 20L * 1024 * 1024;

    @AttributeDefinition(description = "How long LFS action URLs stay valid, in seconds")
    int lfsActionSeconds() default 3600;

    @AttributeDefinition(description = "Largest archive (zip/tar.gz of a revision) served, in bytes of content")
    long maxArchiveBytes() default 1024L * 1024 * 1024;
}
