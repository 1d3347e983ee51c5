package org.csghub.dataviewer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCacheTest {

    @TempDir
    Path dir;
    final ExecutorService copier = Executors.newFixedThreadPool(2);
    final AtomicInteger opens = new AtomicInteger();

    @AfterEach
    void stop() {
        copier.shutdownNow();
    }

    static String name(int n, String suffix) {
        return "g" + String.format("%040x", n) + suffix;
    }

    FileCache.Want want(int n, int size) {
        return new FileCache.Want(name(n, ".csv"), size, () -> {
            opens.incrementAndGet();
            return new ByteArrayInputStream(new byte[size]);
        });
    }

    @Test
    void pathsFollowNamesWhateverIsCachedAlready() throws Exception {
        FileCache cache = new FileCache(dir, 1000, copier);
        try (FileCache.Lease l = cache.acquire(List.of(want(2, 10)), 5000)) {
            assertThat(l.path(name(2, ".csv"))).exists();
        }
        try (FileCache.Lease l = cache.acquire(List.of(want(1, 20), want(2, 10)), 5000)) {
            assertThat(Files.size(l.path(name(1, ".csv")))).isEqualTo(20);
            assertThat(Files.size(l.path(name(2, ".csv")))).isEqualTo(10);
        }
        assertThat(opens.get()).isEqualTo(2);
        assertThat(cache.totalBytes()).isEqualTo(30);
    }

    @Test
    void leastRecentlyUsedUnpinnedCopiesGo() throws Exception {
        FileCache cache = new FileCache(dir, 100, copier);
        FileCache.Lease pinned = cache.acquire(List.of(want(1, 60)), 5000);
        cache.acquire(List.of(want(2, 30)), 5000).close();
        Thread.sleep(5);
        cache.acquire(List.of(want(3, 30)), 5000).close(); // 120 > 100: 2 goes, 1 is pinned
        assertThat(cache.contains(name(1, ".csv"))).isTrue();
        assertThat(cache.contains(name(2, ".csv"))).isFalse();
        assertThat(cache.contains(name(3, ".csv"))).isTrue();
        pinned.close();
        cache.acquire(List.of(want(4, 50)), 5000).close(); // 140 > 100: 1 (least recent) goes
        assertThat(cache.contains(name(1, ".csv"))).isFalse();
        assertThat(cache.totalBytes()).isEqualTo(80);
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(2);
        }
        // a restart finds the copies again
        assertThat(new FileCache(dir, 100, copier).totalBytes()).isEqualTo(80);
    }

    @Test
    void concurrentRequestsShareOneCopyAndASlowCopyGoesOn() throws Exception {
        FileCache cache = new FileCache(dir, 1000, copier);
        CountDownLatch release = new CountDownLatch(1);
        FileCache.Want slow = new FileCache.Want(name(9, ".parquet"), 5, () -> {
            opens.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return new ByteArrayInputStream(new byte[5]);
        });
        assertThatThrownBy(() -> cache.acquire(List.of(slow), 50)).isInstanceOf(FileCache.NotReady.class);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<Long>> waits = List.of(1, 2, 3).stream().map(i -> callers.submit(() -> {
                try (FileCache.Lease l = cache.acquire(List.of(slow), 10_000)) {
                    return Files.size(l.path(slow.name()));
                }
            })).toList();
            Thread.sleep(100);
            release.countDown();
            for (Future<Long> w : waits) {
                assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(5);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(opens.get()).isEqualTo(1);
    }

    @Test
    void aShortOrLongStreamLeavesNothing() throws Exception {
        FileCache cache = new FileCache(dir, 1000, copier);
        FileCache.Want lying = new FileCache.Want(name(5, ".csv"), 10, () -> new ByteArrayInputStream(new byte[11]));
        assertThatThrownBy(() -> cache.acquire(List.of(lying), 5000)).isInstanceOf(IOException.class)
                .hasMessageContaining("expected 10 bytes");
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isZero();
        }
        assertThatThrownBy(() -> new FileCache.Want("../../etc/passwd", 1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leftoverTempFilesAreRemovedAtStart() throws Exception {
        Files.writeString(dir.resolve(name(1, ".csv") + ".x.tmp"), "partial");
        Files.writeString(dir.resolve("unrelated.txt"), "x");
        FileCache cache = new FileCache(dir, 1000, copier);
        assertThat(cache.totalBytes()).isZero();
        assertThat(dir.resolve(name(1, ".csv") + ".x.tmp")).doesNotExist();
    }
}
