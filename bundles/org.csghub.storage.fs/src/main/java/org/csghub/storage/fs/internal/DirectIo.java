package org.csghub.storage.fs.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * O_DIRECT file writing: the JDK's {@code com.sun.nio.file.ExtendedOpenOption.DIRECT} (module jdk.unsupported,
 * looked up through the system class loader so the bundle imports nothing the framework may not export) and the
 * filesystem's block size, which buffers, file positions and lengths must be multiples of.
 */
record DirectIo(OpenOption option, int block) {

    /** O_DIRECT as it works in {@code dir}: a block is written and read back, or empty when anything fails. */
    static Optional<DirectIo> probe(Path dir) {
        OpenOption option = directOption();
        if (option == null) {
            return Optional.empty();
        }
        Path probe = dir.resolve("direct-" + UUID.randomUUID() + ".probe");
        try {
            int block = (int) Math.max(512, Files.getFileStore(dir).getBlockSize());
            DirectIo direct = new DirectIo(option, block);
            try (FileChannel ch = FileChannel.open(probe, direct.options())) {
                ByteBuffer buffer = direct.buffer(block);
                buffer.put(0, (byte) 42);
                while (buffer.hasRemaining()) {
                    ch.write(buffer, buffer.position());
                }
                ch.force(true);
            }
            return Files.readAllBytes(probe)[0] == 42 ? Optional.of(direct) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // a probe left behind is removed with the stale temporary files
            }
        }
    }

    private static OpenOption directOption() {
        try {
            Class<?> type = Class.forName("com.sun.nio.file.ExtendedOpenOption", true, ClassLoader.getSystemClassLoader());
            return (OpenOption) type.getField("DIRECT").get(null);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    Set<OpenOption> options() {
        return Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, option);
    }

    /** A direct buffer of {@code capacity} (a multiple of the block size) starting on a block boundary. */
    ByteBuffer buffer(int capacity) {
        return ByteBuffer.allocateDirect(capacity + block).alignedSlice(block).limit(capacity);
    }

    int roundUp(int n) {
        return (n + block - 1) / block * block;
    }
}
