package org.csghub.storage.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every store test again with O_DIRECT off: the page-cache path (two buffers, background flushes). */
class FsObjectStoreBufferedTest extends FsObjectStoreTest {

    @Override
    FsObjectStore newStore(Path dir) throws IOException {
        return new FsObjectStore(dir, false);
    }

    @Test
    void writesThroughThePageCache() throws IOException {
        assertThat(newStore(dir.resolve("other")).writesDirect()).isFalse();
    }
}
