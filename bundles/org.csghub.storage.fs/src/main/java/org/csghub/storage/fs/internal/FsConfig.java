package org.csghub.storage.fs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.storage.fs} (conf/org.csghub.storage.fs.cfg). */
@ObjectClassDefinition(name = "CSGHub filesystem object store")
public @interface FsConfig {

    String PID = "org.csghub.storage.fs";

    @AttributeDefinition(description = "Directory holding the objects (one file per key; unfinished writes in its .tmp)")
    String dir() default "csghub-data/objects";

    @AttributeDefinition(description = "Write large objects with O_DIRECT (no page-cache copy, no write-back) where "
            + "the filesystem takes it; where it does not (tmpfs, some network filesystems) they go through the "
            + "page cache and are fsynced")
    boolean directIo() default true;
}
