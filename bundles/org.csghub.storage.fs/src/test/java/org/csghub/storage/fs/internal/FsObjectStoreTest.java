package org.csghub.storage.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.csghub.storage.api.ObjectStore;
import org.csghub.testing.storage.ObjectStoreContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path dir;
    private FsObjectStore store;

    @BeforeEach
    void open() throws IOException {
        store = newStore(dir);
    }

    /** The store under test: O_DIRECT where the temporary directory's filesystem takes it. */
    FsObjectStore newStore(Path dir) throws IOException {
        return new FsObjectStore(dir);
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    /** Every file under the directory, the temporary ones included. */
    @Override
    protected Set<String> backendNames() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void objectsAreFilesUnderTheirKey() throws IOException {
        store.put("lfs/ab/cd/object", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, null);
        assertThat(dir.resolve("lfs/ab/cd/object")).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(dir.resolve(".tmp")).isEmptyDirectory();
    }

    @Test
    void theTempDirectoryIsNotAKey() {
        assertThatThrownBy(() -> store.stat(".tmp/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(".tmp")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDirectoryIsNoObject() throws IOException {
        store.put("a/b/c", new ByteArrayInputStream(new byte[] {1}), 1, null);
        assertThat(store.stat("a/b")).isEmpty();
        assertThat(store.delete("a/b")).isFalse();
        assertThat(store.stat("a/b/c")).isPresent();
    }

    @Test
    void aSymlinkOutOfTheStoreIsNotFollowedForKeysItCannotName() throws IOException {
        // keys cannot name ".." so a symlink is the only way out; keys never create them
        assertThatThrownBy(() -> store.open("a/../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staleTempFilesAreRemovedAtActivation() throws IOException {
        Path stale = Files.writeString(dir.resolve(".tmp/old.part"), "left by a crash");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path recent = Files.writeString(dir.resolve(".tmp/recent.part"), "a write in progress");

        new FsObjectStore(dir);

        assertThat(stale).doesNotExist();
        assertThat(recent).exists();
    }

    @Test
    void openReadsLazilyAndClosesTheFile() throws IOException {
        byte[] content = random(5_000_000, 42);
        store.put("big", new ByteArrayInputStream(content), content.length, null);
        try (InputStream in = store.open("big", 4_000_000, 10)) {
            assertThat(in.readAllBytes()).hasSize(10);
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(store.delete("big")).isTrue();
    }

    @Test
    void configuredThroughDs() throws IOException {
        Path configured = dir.resolve("configured");
        FsObjectStore viaConfig = new FsObjectStore(new FsConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return FsConfig.class;
            }

            @Override
            public String dir() {
                return configured.toString();
            }

            @Override
            public boolean directIo() {
                return false;
            }
        });
        assertThat(viaConfig.writesDirect()).isFalse();
        viaConfig.put("k", new ByteArrayInputStream(new byte[] {7}), 1, null);
        assertThat(configured.resolve("k")).hasBinaryContent(new byte[] {7});
        assertThat(configured.resolve(".tmp")).isDirectory();
    }

    /** Whole buffers, a buffer and a byte, a tail that is not a whole block, and a length not known in advance. */
    @Test
    void contentOfEveryLengthAroundTheBufferAndBlockSizes() throws IOException {
        int buffer = FsObjectStore.BUFFER_SIZE;
        for (int length : new int[] {buffer, buffer + 1, 3 * buffer - 7, 2 * buffer + 4096}) {
            byte[] content = random(length, length);
            String sha = sha256(content);
            store.put("sizes/" + length, new ByteArrayInputStream(content), length, sha);
            assertThat(Files.readAllBytes(dir.resolve("sizes/" + length))).as("length %d", length).isEqualTo(content);
            store.put("unknown/" + length, new ByteArrayInputStream(content), -1, sha);
            assertThat(Files.size(dir.resolve("unknown/" + length))).isEqualTo(length);
        }
        assertThat(dir.resolve(".tmp")).isEmptyDirectory();
    }

    @Test
    void aBadLargeUploadLeavesNothing() {
        byte[] content = random(3 * FsObjectStore.BUFFER_SIZE + 5, 9);
        assertThatThrownBy(() -> store.put("bad/long", new ByteArrayInputStream(content), content.length - 1, null))
                .isInstanceOf(org.csghub.storage.api.ContentMismatchException.class);
        assertThatThrownBy(() -> store.put("bad/short", new ByteArrayInputStream(content), content.length + 4096, null))
                .isInstanceOf(org.csghub.storage.api.ContentMismatchException.class);
        assertThatThrownBy(() -> store.put("bad/hash", new ByteArrayInputStream(content), content.length, "00".repeat(32)))
                .isInstanceOf(org.csghub.storage.api.ContentMismatchException.class);
        assertThat(dir.resolve("bad")).doesNotExist();
        assertThat(dir.resolve(".tmp")).isEmptyDirectory();
    }
}
