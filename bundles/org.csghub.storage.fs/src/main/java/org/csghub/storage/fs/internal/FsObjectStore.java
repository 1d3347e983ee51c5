package org.csghub.storage.fs.internal;

import org.csghub.storage.api.ObjectKeys;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.io.input.BoundedInputStream;
import org.csghub.storage.api.ContentMismatchException;
import org.csghub.storage.api.ObjectStore;
import org.csghub.storage.api.StoredObject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects as files under one directory: key {@code a/b/c} is the file {@code <dir>/a/b/c}.
 *
 * <p>A write streams into {@code <dir>/.tmp/<random>} (same filesystem, so the final rename is atomic), hashing
 * and counting on the way, forces the data to disk, checks size and digest, renames the file over the key and
 * forces the directory, so after a crash a key holds the old object or the whole new one, never a part.
 * Anything else deletes the temporary file. Concurrent writes of one key each rename a complete file; the
 * last rename wins.
 *
 * <p>A filesystem cannot hold both {@code a/b} and {@code a/b/c}; writing the second fails with an
 * {@link IOException}. Keys in this hub are content addresses and ids, which never nest that way.
 */
// immediate: a directory that cannot be written shows at startup, and stale temp files go then, not at first use
@Component(service = ObjectStore.class, immediate = true, configurationPid = FsConfig.PID, property = ObjectStore.NAME + "=fs")
@Designate(ocd = FsConfig.class)
public class FsObjectStore implements ObjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(FsObjectStore.class);
    /** Large enough that a write is a handful of system calls per MiB, small enough to stay in cache. */
    static final int BUFFER_SIZE = 1 << 20;
    /** O_DIRECT writes of one put under way at once: the device works on several while the next is read. */
    static final int DIRECT_WRITES_IN_FLIGHT = 4;
    /** Bytes written between background flushes (see {@link #copy}). */
    static final long FLUSH_EVERY = 16L << 20;
    private static final Duration STALE_TEMP_AGE = Duration.ofDays(1);

    private final Path root;
    private final Path temp;
    /** Runs the background writes and flushes of large puts; its threads end when idle. */
    private final ExecutorService flusher;
    /** O_DIRECT writing, or {@code null} when it is off or the filesystem does not take it. */
    private final DirectIo direct;

    @Activate
    public FsObjectStore(FsConfig config) throws IOException {
        this(Path.of(config.dir()), config.directIo());
        LOG.info("Objects are stored in {} ({})", root, direct != null
                ? "large ones written with O_DIRECT, " + direct.block() + "-byte blocks" : "written through the page cache");
    }

    public FsObjectStore(Path dir) throws IOException {
        this(dir, true);
    }

    /** @param directIo write large objects with O_DIRECT when the filesystem takes it */
    public FsObjectStore(Path dir, boolean directIo) throws IOException {
        this.root = dir.toAbsolutePath().normalize();
        this.temp = root.resolve(ObjectKeys.RESERVED);
        this.flusher = flusher();
        Files.createDirectories(temp);
        removeStaleTemps(Instant.now().minus(STALE_TEMP_AGE));
        this.direct = directIo ? DirectIo.probe(temp).orElse(null) : null;
    }

    /** Whether large objects are written with O_DIRECT. */
    boolean writesDirect() {
        return direct != null;
    }

    private static ExecutorService flusher() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread thread = new Thread(r, "csghub-fs-flush-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        return pool;
    }

    @Deactivate
    void deactivate() {
        flusher.shutdown();
    }

    /** Temp files left by a crash or a killed JVM; a write in progress is never a day old. */
    final void removeStaleTemps(Instant olderThan) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(temp)) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(olderThan) && Files.deleteIfExists(file)) {
                        removed++;
                    }
                } catch (NoSuchFileException gone) {
                    // removed by someone else meanwhile
                }
            }
        }
        if (removed > 0) {
            LOG.info("Removed {} unfinished object writes older than {} from {}", removed, STALE_TEMP_AGE, temp);
        }
    }

    @Override
    public StoredObject put(String key, InputStream content, long size, String expectedSha256) throws IOException {
        Path target = file(key);
        Path part = temp.resolve(UUID.randomUUID() + ".part");
        boolean done = false;
        try {
            MessageDigest sha256 = sha256();
            long written = copy(content, part, size, sha256);
            String digest = HexFormat.of().formatHex(sha256.digest());
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(digest)) {
                throw new ContentMismatchException("content of " + key + " has SHA-256 " + digest + ", expected "
                        + expectedSha256);
            }
            Path parent = target.getParent();
            Path existing = firstExisting(parent);
            Files.createDirectories(parent);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            syncDirectories(parent, existing);
            return new StoredObject(key, written, digest, Files.getLastModifiedTime(target).toInstant());
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(temp + " and " + target.getParent() + " are not on one filesystem", e);
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    /**
     * Streams {@code in} into a new file, hashing as it goes, and forces it to disk. With a known size it reads
     * at most one byte beyond it, to tell a long stream from an exact one.
     *
     * <p>Reading (a socket, for an upload) and hashing take about as much time as writing to the page cache, so
     * the two overlap: this thread fills and hashes one buffer while a background thread writes the other. And
     * the final force would wait for the disk with the CPU idle, so every {@link #FLUSH_EVERY} bytes a background
     * flush starts (when the last one is done): the disk works while the copy goes on, and the final force has
     * only the tail left. That keeps a hashed, verified put as fast as a plain write and fsync.
     */
    private long copy(InputStream in, Path part, long size, MessageDigest digest) throws IOException {
        if (direct != null && (size < 0 || size >= BUFFER_SIZE)) {
            return copyDirect(in, part, size, digest);
        }
        byte[][] buffers = {new byte[BUFFER_SIZE], new byte[BUFFER_SIZE]};
        int current = 0;
        long total = 0;
        long flushedUpTo = 0;
        Future<?> writing = null;
        Future<?> flushing = null;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try {
                while (true) {
                    byte[] buffer = buffers[current];
                    int want = size < 0 ? buffer.length : (int) Math.min(buffer.length, size - total + 1);
                    int n = in.readNBytes(buffer, 0, want);
                    if (n == 0) {
                        break;
                    }
                    total += n;
                    if (size >= 0 && total > size) {
                        throw new ContentMismatchException("content is longer than the announced " + size + " bytes");
                    }
                    digest.update(buffer, 0, n);
                    await(writing); // the other buffer is written: it may be filled next
                    writing = flusher.submit(() -> {
                        ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, n);
                        while (wrapped.hasRemaining()) {
                            out.write(wrapped);
                        }
                        return null;
                    });
                    current ^= 1;
                    if (total - flushedUpTo >= FLUSH_EVERY && (flushing == null || flushing.isDone())) {
                        await(flushing);
                        flushedUpTo = total;
                        flushing = flusher.submit(() -> {
                            out.force(false);
                            return null;
                        });
                    }
                    if (n < want) {
                        break; // readNBytes returns short only at end of stream
                    }
                }
                if (size >= 0 && total < size) {
                    throw new ContentMismatchException("content ended after " + total + " of the announced " + size + " bytes");
                }
                await(writing);
                writing = null;
                await(flushing);
                flushing = null;
                out.force(true);
            } finally {
                // failed: the file is deleted, but not while a write into it is still under way
                quietly(writing);
                if (flushing != null) {
                    flushing.cancel(false);
                }
            }
        }
        return total;
    }

    /**
     * {@link #copy} with O_DIRECT: the data goes from aligned buffers to the device without a page-cache copy or
     * write-back (on a VM disk about a quarter of the CPU, and no periodic flush needed). Every chunk but the last
     * is a whole buffer; the last is padded to the block size and the file cut back to the content's length. Up to
     * {@link #DIRECT_WRITES_IN_FLIGHT} positional writes run at once, each from its own buffer.
     */
    private long copyDirect(InputStream in, Path part, long size, MessageDigest digest) throws IOException {
        byte[] chunk = new byte[BUFFER_SIZE];
        ByteBuffer[] buffers = new ByteBuffer[DIRECT_WRITES_IN_FLIGHT];
        Future<?>[] writes = new Future<?>[DIRECT_WRITES_IN_FLIGHT];
        long total = 0;
        try (FileChannel out = FileChannel.open(part, direct.options())) {
            try {
                for (int i = 0; ; i = (i + 1) % buffers.length) {
                    int want = size < 0 ? chunk.length : (int) Math.min(chunk.length, size - total + 1);
                    int n = in.readNBytes(chunk, 0, want);
                    if (n == 0) {
                        break;
                    }
                    total += n;
                    if (size >= 0 && total > size) {
                        throw new ContentMismatchException("content is longer than the announced " + size + " bytes");
                    }
                    digest.update(chunk, 0, n);
                    await(writes[i]); // this buffer's last write is done: it may be filled again
                    if (buffers[i] == null) {
                        buffers[i] = direct.buffer(BUFFER_SIZE);
                    }
                    ByteBuffer buffer = buffers[i].clear();
                    buffer.put(chunk, 0, n);
                    int padded = direct.roundUp(n);
                    while (buffer.position() < padded) {
                        buffer.put((byte) 0);
                    }
                    buffer.flip();
                    long position = total - n;
                    writes[i] = flusher.submit(() -> {
                        for (long at = position; buffer.hasRemaining(); ) {
                            at += out.write(buffer, at);
                        }
                        return null;
                    });
                    if (n < want) {
                        break; // readNBytes returns short only at end of stream
                    }
                }
                if (size >= 0 && total < size) {
                    throw new ContentMismatchException("content ended after " + total + " of the announced " + size + " bytes");
                }
                for (int i = 0; i < writes.length; i++) {
                    await(writes[i]);
                    writes[i] = null;
                }
                out.truncate(total); // the last block's padding
                out.force(true);
            } finally {
                for (Future<?> write : writes) {
                    quietly(write);
                }
            }
        }
        return total;
    }

    private static void quietly(Future<?> task) {
        if (task == null) {
            return;
        }
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the copy failed already; its cause is what the caller sees
        }
    }

    private static void await(Future<?> flushing) throws IOException {
        if (flushing == null) {
            return;
        }
        try {
            flushing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing an object to disk");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Path file = file(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new StoredObject(key, attributes.size(), null, attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        Path file = file(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("no object " + key);
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new FileNotFoundException("no object " + key);
            }
            long available = Math.max(0, channel.size() - offset);
            long remaining = length < 0 ? available : Math.min(length, available);
            channel.position(Math.min(offset, channel.size()));
            return BoundedInputStream.builder().setInputStream(Channels.newInputStream(channel)).setMaxCount(remaining)
                    .get();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = file(key);
        if (Files.isDirectory(file)) {
            return false;
        }
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            syncDirectory(file.getParent());
        }
        return deleted;
    }

    private Path file(String key) {
        Path file = root.resolve(ObjectKeys.check(key)).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("object key '" + key + "' leaves the store");
        }
        return file;
    }

    private Path firstExisting(Path dir) {
        Path p = dir;
        while (p != null && !Files.isDirectory(p)) {
            p = p.getParent();
        }
        return p == null ? root : p;
    }

    /** Makes the rename (and any directories it needed) durable: each new entry is forced in its parent. */
    private static void syncDirectories(Path from, Path upToExisting) throws IOException {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            syncDirectory(dir);
            if (dir.equals(upToExisting)) {
                break;
            }
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some filesystems (and Windows) cannot open or force a directory; the data itself is forced
            LOG.debug("Cannot force directory {}: {}", dir, e.toString());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "fs:" + root;
    }
}
