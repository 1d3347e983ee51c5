package org.csghub.dataviewer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of repository files for DuckDB, which reads local files only (no httpfs here). Content-addressed
 * (Git blob id or LFS oid, plus the format suffix), so concurrent requests for the same bytes share one copy, and
 * a copy never goes stale. A copy is streamed into a temp file in the same directory and renamed into place
 * atomically. Copies run on the given executor: a request waits a bounded time, and the copy goes on for the next
 * request when it takes longer. Least recently used copies are deleted when the total passes the cap; copies in use
 * by a query are pinned and never deleted.
 */
final class FileCache {

    private static final Logger LOG = LoggerFactory.getLogger(FileCache.class);
    private static final Pattern NAME = Pattern.compile("[gl][0-9a-f]{40,64}(\\.[a-z.]{1,12})?");

    /** Streams a file's bytes. */
    interface Source {
        InputStream open() throws IOException;
    }

    /** The copy could not be made in the time a request waits; it goes on in the background. */
    static final class NotReady extends Exception {
        private static final long serialVersionUID = 1L;

        NotReady(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final ExecutorService copier;
    private final Map<String, Item> items = new HashMap<>();
    private final Map<String, CompletableFuture<Path>> copying = new ConcurrentHashMap<>();
    private long total;

    private static final class Item {
        final long size;
        long lastUsed;
        int pins;

        Item(long size, long lastUsed) {
            this.size = size;
            this.lastUsed = lastUsed;
        }
    }

    /** Pinned copies; closing unpins them. */
    final class Lease implements AutoCloseable {
        private final List<String> names;
        private boolean closed;

        private Lease(List<String> names) {
            this.names = List.copyOf(names);
        }

        /** The local copy of a file this lease pins. */
        Path path(String name) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException(name + " is not pinned by this lease");
            }
            return dir.resolve(name);
        }

        @Override
        public void close() {
            synchronized (FileCache.this) {
                if (closed) {
                    return;
                }
                closed = true;
                for (String n : names) {
                    Item it = items.get(n);
                    if (it != null) {
                        it.pins--;
                    }
                }
                evict();
            }
        }
    }

    /** A file to have locally: its cache name, its expected size and where the bytes come from. */
    record Want(String name, long size, Source source) {
        Want {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a cache name: " + name);
            }
        }
    }

    FileCache(Path dir, long maxBytes, ExecutorService copier) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.copier = copier;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                if (n.endsWith(".tmp")) {
                    Files.deleteIfExists(p); // a copy a previous run did not finish
                } else if (Files.isRegularFile(p) && NAME.matcher(n).matches()) {
                    long size = Files.size(p);
                    items.put(n, new Item(size, Files.getLastModifiedTime(p).toMillis()));
                    total += size;
                }
            }
        }
        synchronized (this) {
            evict();
        }
    }

    Path dir() {
        return dir;
    }

    synchronized long totalBytes() {
        return total;
    }

    /**
     * Local copies of all the files, pinned until the lease is closed; copies what is missing (all at once, on the
     * copier) and waits for them until {@code waitMillis} have passed.
     */
    Lease acquire(List<Want> wants, long waitMillis) throws IOException, NotReady {
        long deadline = System.currentTimeMillis() + waitMillis;
        List<String> pinned = new ArrayList<>();
        try {
            Map<String, CompletableFuture<Path>> pending = new HashMap<>();
            for (Want w : wants) {
                if (!pin(w.name())) {
                    pending.put(w.name(), copying.computeIfAbsent(w.name(), n -> start(w)));
                } else {
                    pinned.add(w.name());
                }
            }
            for (Map.Entry<String, CompletableFuture<Path>> e : pending.entrySet()) {
                long left = deadline - System.currentTimeMillis();
                try {
                    e.getValue().get(Math.max(left, 0), TimeUnit.MILLISECONDS);
                } catch (TimeoutException t) {
                    throw new NotReady("still copying " + pending.size() + " file(s) into the viewer's cache");
                } catch (InterruptedException t) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for a copy", t);
                } catch (ExecutionException t) {
                    Throwable cause = t.getCause();
                    if (cause instanceof UncheckedIOException u) {
                        throw u.getCause();
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IOException(cause);
                }
                if (!pin(e.getKey())) {
                    throw new IOException("the copy of " + e.getKey() + " went away; retry");
                }
                pinned.add(e.getKey());
            }
            return new Lease(pinned);
        } catch (IOException | NotReady | RuntimeException e) {
            new Lease(pinned).close();
            throw e;
        }
    }

    private synchronized boolean pin(String name) {
        Item it = items.get(name);
        if (it == null || !Files.exists(dir.resolve(name))) {
            if (it != null) {
                items.remove(name);
                total -= it.size;
            }
            return false;
        }
        it.pins++;
        it.lastUsed = System.currentTimeMillis();
        try {
            Files.setLastModifiedTime(dir.resolve(name), FileTime.fromMillis(it.lastUsed)); // LRU across restarts
        } catch (IOException ignored) {
            // only the order of eviction after a restart suffers
        }
        return true;
    }

    private CompletableFuture<Path> start(Want w) {
        CompletableFuture<Path> f = CompletableFuture.supplyAsync(() -> {
            try {
                return copy(w);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, copier);
        f.whenComplete((p, e) -> copying.remove(w.name(), f));
        return f;
    }

    private Path copy(Want w) throws IOException {
        Path target = dir.resolve(w.name());
        Path tmp = dir.resolve(w.name() + "." + UUID.randomUUID() + ".tmp");
        long copied;
        try {
            try (InputStream in = w.source().open(); OutputStream out = Files.newOutputStream(tmp)) {
                copied = transfer(in, out, w.size());
            }
            if (copied != w.size()) {
                throw new IOException("expected " + w.size() + " bytes, got " + copied);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        synchronized (this) {
            Item old = items.put(w.name(), new Item(copied, System.currentTimeMillis()));
            total += copied - (old == null ? 0 : old.size);
            evict();
        }
        LOG.debug("cached {} ({} bytes)", w.name(), copied);
        return target;
    }

    /** Copies at most {@code expected + 1} bytes, so a stream longer than announced cannot fill the disk. */
    private static long transfer(InputStream in, OutputStream out, long expected) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        int r;
        while ((r = in.read(buf)) >= 0) {
            n += r;
            if (n > expected) {
                return n;
            }
            out.write(buf, 0, r);
        }
        return n;
    }

    /** Deletes unpinned copies, least recently used first, until the total fits (a just-made copy counts as used). */
    private void evict() {
        if (total <= maxBytes) {
            return;
        }
        List<Map.Entry<String, Item>> lru = new ArrayList<>(items.entrySet());
        lru.sort(Comparator.comparingLong(e -> e.getValue().lastUsed));
        for (Map.Entry<String, Item> e : lru) {
            if (total <= maxBytes) {
                break;
            }
            if (e.getValue().pins > 0) {
                continue;
            }
            try {
                Files.deleteIfExists(dir.resolve(e.getKey()));
                items.remove(e.getKey());
                total -= e.getValue().size;
            } catch (IOException ex) {
                LOG.warn("could not evict {}: {}", e.getKey(), ex.toString());
            }
        }
    }

    /** Whether the file is in the cache now (no copy is started). */
    synchronized boolean contains(String name) {
        return items.containsKey(name);
    }
}
