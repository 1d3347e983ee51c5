package org.csghub.testing.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.csghub.storage.api.ContentMismatchException;
import org.csghub.storage.api.ObjectStore;
import org.csghub.storage.api.StoredObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link ObjectStore} contract, as tests every store must pass. A store's test class extends this and says
 * how to reach the store and what it keeps on disk (so a failed write can be shown to leave nothing behind).
 * Each test uses keys of its own, so one store may serve all tests of a class.
 */
public abstract class ObjectStoreContract {

    /** The store under test. */
    protected abstract ObjectStore store();

    /**
     * Every name the store's backend holds right now, including temporary and unfinished ones (file paths,
     * for instance). Used to show that a failed write leaves the backend exactly as it was.
     */
    protected abstract Set<String> backendNames() throws IOException;

    protected final String key(String name) {
        return "contract/" + UUID.randomUUID() + "/" + name;
    }

    protected static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    protected final byte[] read(String key) throws IOException {
        try (InputStream in = store().open(key)) {
            return in.readAllBytes();
        }
    }

    protected final byte[] read(String key, long offset, long length) throws IOException {
        try (InputStream in = store().open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void roundTripWithSizeAndDigest() throws IOException {
        String key = key("model.safetensors");
        byte[] content = random(3 * 1024 * 1024 + 17, 1);
        StoredObject stored = store().put(key, new ByteArrayInputStream(content), content.length, sha256(content));

        assertThat(stored.key()).isEqualTo(key);
        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        assertThat(stored.lastModified()).isNotNull();
        assertThat(read(key)).isEqualTo(content);
        StoredObject stat = store().stat(key).orElseThrow();
        assertThat(stat.size()).isEqualTo(content.length);
        assertThat(stat.key()).isEqualTo(key);
        if (stat.sha256() != null) {
            assertThat(stat.sha256()).isEqualTo(sha256(content));
        }
    }

    @Test
    void unknownSizeAndNoDigestStillHashes() throws IOException {
        String key = key("unknown-size.bin");
        byte[] content = random(1_500_000, 2);
        StoredObject stored = store().put(key, new ByteArrayInputStream(content), -1, null);
        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        assertThat(read(key)).isEqualTo(content);
    }

    @Test
    void emptyObject() throws IOException {
        String key = key("empty");
        StoredObject stored = store().put(key, InputStream.nullInputStream(), 0, sha256(new byte[0]));
        assertThat(stored.size()).isZero();
        assertThat(read(key)).isEmpty();
        assertThat(store().stat(key)).hasValueSatisfying(s -> assertThat(s.size()).isZero());
    }

    @Test
    void digestIsCaseInsensitive() throws IOException {
        String key = key("upper");
        byte[] content = random(1000, 3);
        store().put(key, new ByteArrayInputStream(content), content.length, sha256(content).toUpperCase());
        assertThat(read(key)).isEqualTo(content);
    }

    @Test
    void overwriteReplacesTheObject() throws IOException {
        String key = key("replaced");
        store().put(key, new ByteArrayInputStream(random(5000, 4)), 5000, null);
        byte[] second = random(700, 5);
        store().put(key, new ByteArrayInputStream(second), second.length, null);
        assertThat(read(key)).isEqualTo(second);
        assertThat(store().stat(key).orElseThrow().size()).isEqualTo(700);
    }

    @Test
    void ranges() throws IOException {
        String key = key("ranges");
        byte[] content = random(2 * 1024 * 1024 + 100, 6);
        store().put(key, new ByteArrayInputStream(content), content.length, null);

        assertThat(read(key, 0, 10)).isEqualTo(Arrays.copyOfRange(content, 0, 10));
        assertThat(read(key, 1_048_570, 20)).isEqualTo(Arrays.copyOfRange(content, 1_048_570, 1_048_590));
        assertThat(read(key, 100, -1)).isEqualTo(Arrays.copyOfRange(content, 100, content.length));
        // a length beyond the end stops at the end
        assertThat(read(key, content.length - 5, 1000)).isEqualTo(Arrays.copyOfRange(content, content.length - 5, content.length));
        assertThat(read(key, content.length - 1, -1)).containsExactly(content[content.length - 1]);
        // nothing at or after the end, and nothing for a zero length
        assertThat(read(key, content.length, -1)).isEmpty();
        assertThat(read(key, content.length + 10, 5)).isEmpty();
        assertThat(read(key, 10, 0)).isEmpty();
        assertThatThrownBy(() -> store().open(key, -1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void absentObjects() throws IOException {
        String key = key("absent");
        assertThat(store().stat(key)).isEmpty();
        assertThatThrownBy(() -> store().open(key)).isInstanceOf(FileNotFoundException.class);
        assertThatThrownBy(() -> store().open(key, 5, 10)).isInstanceOf(FileNotFoundException.class);
        assertThat(store().delete(key)).isFalse();
    }

    @Test
    void deleteRemovesTheObject() throws IOException {
        String key = key("deleted");
        store().put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, null);
        assertThat(store().delete(key)).isTrue();
        assertThat(store().stat(key)).isEmpty();
        assertThatThrownBy(() -> store().open(key)).isInstanceOf(FileNotFoundException.class);
        assertThat(store().delete(key)).isFalse();
    }

    @Test
    void wrongDigestStoresNothingAndKeepsTheOldObject() throws IOException {
        String fresh = key("fresh");
        String existing = withExisting("existing");
        byte[] content = random(2_000_000, 7);
        Set<String> before = backendNames();

        for (String key : List.of(fresh, existing)) {
            assertThatThrownBy(() -> store().put(key, new ByteArrayInputStream(content), content.length, sha256(new byte[1])))
                    .isInstanceOf(ContentMismatchException.class);
        }
        assertNothingChanged(before, fresh, existing);
    }

    @Test
    void earlyEndOfStreamStoresNothingAndKeepsTheOldObject() throws IOException {
        String fresh = key("fresh");
        String existing = withExisting("existing");
        byte[] content = random(1_000_000, 8);
        Set<String> before = backendNames();

        for (String key : List.of(fresh, existing)) {
            assertThatThrownBy(() -> store().put(key, new ByteArrayInputStream(content), content.length + 1, null))
                    .isInstanceOf(ContentMismatchException.class);
        }
        assertNothingChanged(before, fresh, existing);
    }

    @Test
    void overLongStreamStoresNothingAndKeepsTheOldObject() throws IOException {
        String fresh = key("fresh");
        String existing = withExisting("existing");
        byte[] content = random(1_000_000, 9);
        Set<String> before = backendNames();

        for (String key : List.of(fresh, existing)) {
            assertThatThrownBy(() -> store().put(key, new ByteArrayInputStream(content), content.length - 1, null))
                    .isInstanceOf(ContentMismatchException.class);
        }
        assertNothingChanged(before, fresh, existing);
    }

    @Test
    void failingSourceStoresNothingAndKeepsTheOldObject() throws IOException {
        String fresh = key("fresh");
        String existing = withExisting("existing");
        Set<String> before = backendNames();

        for (String key : List.of(fresh, existing)) {
            InputStream failing = new FailingInputStream(random(3_000_000, 10), 2_500_000);
            assertThatThrownBy(() -> store().put(key, failing, 3_000_000, null))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(ContentMismatchException.class)
                    .hasStackTraceContaining(FailingInputStream.MESSAGE);
        }
        assertNothingChanged(before, fresh, existing);
    }

    @Test
    void concurrentPutsOfOneKeyLeaveOneWholeObject() throws Exception {
        String key = key("contended");
        int writers = 4;
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            contents.add(random(1_500_000 + i, 100 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<StoredObject>> results = new ArrayList<>();
            for (byte[] content : contents) {
                Callable<StoredObject> put = () -> {
                    go.await();
                    return store().put(key, new ByteArrayInputStream(content), content.length, sha256(content));
                };
                results.add(pool.submit(put));
            }
            go.countDown();
            for (Future<StoredObject> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES).key()).isEqualTo(key);
            }
        } finally {
            pool.shutdownNow();
        }
        byte[] stored = read(key);
        assertThat(contents).anySatisfy(c -> assertThat(stored).isEqualTo(c));
        assertThat(store().stat(key).orElseThrow().size()).isEqualTo(stored.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a//b", "a/", "../x", "a/../b", "a/./b", ".", "..", "a b", "a\\b", "ü", "a?b",
            "a%2e", "a:b", "a*b", "\u0000", "a\nb"})
    void invalidKeysAreRejected(String key) {
        byte[] one = {1};
        assertThatThrownBy(() -> store().put(key, new ByteArrayInputStream(one), 1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().stat(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().open(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().delete(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullKeyIsRejected() {
        assertThatThrownBy(() -> store().stat(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validKeysAreAccepted() throws IOException {
        String key = key("lfs/ab/cd/abcdef0123-_.X.bin");
        store().put(key, new ByteArrayInputStream(new byte[] {42}), 1, null);
        assertThat(read(key)).containsExactly(42);
    }

    private String withExisting(String name) throws IOException {
        String key = key(name);
        store().put(key, new ByteArrayInputStream(EXISTING), EXISTING.length, sha256(EXISTING));
        return key;
    }

    private static final byte[] EXISTING = "the object that was there before".getBytes(StandardCharsets.UTF_8);

    private void assertNothingChanged(Set<String> before, String fresh, String existing) throws IOException {
        assertThat(store().stat(fresh)).isEmpty();
        assertThatThrownBy(() -> store().open(fresh)).isInstanceOf(FileNotFoundException.class);
        assertThat(read(existing)).isEqualTo(EXISTING);
        assertThat(store().stat(existing).orElseThrow().size()).isEqualTo(EXISTING.length);
        assertThat(backendNames()).containsExactlyInAnyOrderElementsOf(before);
    }

    /** Delivers {@code failAt} bytes of its content, then fails the way a dropped client connection does. */
    protected static final class FailingInputStream extends InputStream {

        static final String MESSAGE = "client went away (test)";
        private final ByteArrayInputStream content;
        private int left;

        FailingInputStream(byte[] content, int failAt) {
            this.content = new ByteArrayInputStream(content);
            this.left = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException(MESSAGE);
            }
            int n = content.read(b, off, Math.min(len, left));
            left -= n;
            return n;
        }
    }
}
