package org.csghub.storage.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * put() against the floor it cannot beat: the same bytes written with the same buffer size straight into a file
 * and forced. Run with {@code -Dcsghub.bench=true} (size in MiB: {@code -Dcsghub.bench.mib}, default 512); the
 * target is at least 0.9 of the raw throughput.
 */
@EnabledIfSystemProperty(named = "csghub.bench", matches = "true")
class FsWriteBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void putIsCloseToRawWriteAndFsync() throws IOException {
        long size = Long.getLong("csghub.bench.mib", 512) << 20;
        FsObjectStore store = new FsObjectStore(dir.resolve("store"));
        double raw = 0;
        double put = 0;
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            rawWrite(new Source(size), dir.resolve("raw-" + round));
            long t1 = System.nanoTime();
            store.put("bench/" + round, new Source(size), size, null);
            long t2 = System.nanoTime();
            Files.delete(dir.resolve("raw-" + round));
            store.delete("bench/" + round);
            if (round > 0) { // the first round warms up the JIT and the page cache
                raw += (t1 - t0) / 1e9;
                put += (t2 - t1) / 1e9;
            }
        }
        double mib = 3.0 * size / (1 << 20);
        System.out.printf("raw write+fsync %.0f MiB/s, put %.0f MiB/s, ratio %.2f%n", mib / raw, mib / put, raw / put);
        assertThat(raw / put).isGreaterThanOrEqualTo(0.9);
    }

    private static void rawWrite(InputStream in, Path file) throws IOException {
        byte[] buffer = new byte[FsObjectStore.BUFFER_SIZE];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            out.force(true);
        }
    }

    /** {@code size} bytes of incompressible data without the cost of generating it. */
    private static final class Source extends InputStream {
        private static final byte[] BLOCK = new byte[1 << 20];

        static {
            new Random(1).nextBytes(BLOCK);
        }

        private long left;

        Source(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return BLOCK[(int) (left % BLOCK.length)] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, left), BLOCK.length);
            System.arraycopy(BLOCK, 0, b, off, n);
            left -= n;
            return n;
        }
    }
}
