package org.csghub.repo.git.internal.content;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code org.csghub.repo.git.content}: bounds of the browsing and commit API. The repository-wide limits
 * (largest non-LFS file, largest archive) stay in {@code org.csghub.repo.git}.
 */
@ObjectClassDefinition(name = "CSGHub repository content API")
public @interface ContentConfig {

    String PID = "org.csghub.repo.git.content";

    @AttributeDefinition(description = "Largest patch shown for one file of a commit, in bytes")
    int maxPatchBytes() default 256 * 1024;

    @AttributeDefinition(description = "Largest total of the patches shown for one commit, in bytes")
    int maxDiffBytes() default 2 * 1024 * 1024;

    @AttributeDefinition(description = "Most files listed for one commit")
    int maxDiffFiles() default 1000;

    @AttributeDefinition(description = "Files larger than this are diffed as binary, in bytes")
    int maxDiffFileBytes() default 8 * 1024 * 1024;

    @AttributeDefinition(description = "Most operations in one commit")
    int maxOperations() default 1000;

    @AttributeDefinition(description = "Largest text file whose content the blob API returns inline, in bytes")
    int maxInlineTextBytes() default 1024 * 1024;

    @AttributeDefinition(description = "Largest multipart upload (all files together), in bytes")
    long maxUploadBytes() default 50L * 1024 * 1024 * 1024;
}
