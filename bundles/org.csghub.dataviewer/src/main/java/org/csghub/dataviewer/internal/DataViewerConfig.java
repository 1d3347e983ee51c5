package org.csghub.dataviewer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.dataviewer} (conf/org.csghub.dataviewer.cfg). */
@ObjectClassDefinition(name = "CSGHub dataset viewer")
public @interface DataViewerConfig {

    String PID = "org.csghub.dataviewer";

    @AttributeDefinition(description = "Where local copies of viewed files (and DuckDB's spill files) go. Empty: "
            + "<csghub.data.dir>/dataviewer")
    String cacheDir() default "";

    @AttributeDefinition(description = "Largest file the viewer reads (bytes); larger ones answer 413")
    long maxFileBytes() default 2L * 1024 * 1024 * 1024;

    @AttributeDefinition(description = "Cap of the local copies (bytes); least recently used copies go first")
    long cacheMaxBytes() default 20L * 1024 * 1024 * 1024;

    @AttributeDefinition(description = "Most files in one split")
    int maxFilesPerSplit() default 1000;

    @AttributeDefinition(description = "Most repository entries looked at to find the data files")
    int maxTreeEntries() default 100_000;

    @AttributeDefinition(description = "Largest page of rows")
    int maxLimit() default 100;

    @AttributeDefinition(description = "A query is cancelled after this many seconds (504)")
    int queryTimeoutSeconds() default 30;

    @AttributeDefinition(description = "A request waits this long for files to be copied into the cache; the copy "
            + "goes on after that, and the request answers 503 with Retry-After")
    int prepareWaitSeconds() default 20;

    @AttributeDefinition(description = "Longest cell value (characters); longer ones are cut and listed in "
            + "truncatedCells")
    int maxCellChars() default 4096;

    @AttributeDefinition(description = "About the largest JSON a rows answer may have (characters); rows past it are "
            + "left out and the answer says truncated")
    int maxResponseChars() default 2_000_000;

    @AttributeDefinition(description = "DuckDB's memory_limit, shared by all viewer queries")
    String memoryLimit() default "512MB";

    @AttributeDefinition(description = "DuckDB's worker threads")
    int threads() default 2;

    @AttributeDefinition(description = "Queries run at once; more wait a little, then answer 503")
    int maxConcurrentQueries() default 4;

    @AttributeDefinition(description = "Files copied into the cache at once")
    int copyThreads() default 2;
}
