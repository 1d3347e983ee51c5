package org.csghub.storage.s3.internal;

import org.csghub.storage.api.ObjectKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.csghub.storage.api.ObjectStore;
import org.csghub.storage.api.StoredObject;
import org.csghub.testing.s3.S3Proxy;
import org.csghub.testing.storage.ObjectStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ObjectStore contract and the S3-only parts, against a real S3 server (S3Proxy, signatures checked). */
class S3ObjectStoreTest extends ObjectStoreContract {

    static final long PART_SIZE = 16L << 20;
    private static S3Proxy s3;
    private static S3ObjectStore store;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static S3Settings settings(S3Proxy s3, String bucket, String secretKey) {
        return new S3Settings(s3.endpoint(), "us-east-1", bucket, s3.accessKey(), secretKey, true, PART_SIZE, true, null);
    }

    @BeforeAll
    static void start() {
        s3 = S3Proxy.shared();
        store = new S3ObjectStore(settings(s3, s3.bucket(), s3.secretKey()));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    /** S3Proxy's filesystem backend keeps each object (and each unfinished part) as a file under the bucket. */
    @Override
    protected Set<String> backendNames() throws IOException {
        Path bucket = s3.dataDir().resolve(s3.bucket());
        try (Stream<Path> walk = Files.walk(bucket)) {
            return walk.filter(Files::isRegularFile).map(p -> bucket.relativize(p).toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void aLargeObjectGoesMultipartAndKeepsItsDigest() throws Exception {
        String key = key("large.bin");
        long size = 40L * 1024 * 1024 + 12345;
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        InputStream source = new DigestInputStream(new RandomStream(size, 77), expected);
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        store.client().traceOn(trace);
        StoredObject stored;
        try {
            stored = store.put(key, source, size, null);
        } finally {
            store.client().traceOff();
        }
        String digest = HexFormat.of().formatHex(expected.digest());
        assertThat(stored.size()).isEqualTo(size);
        assertThat(stored.sha256()).isEqualTo(digest);

        String requests = trace.toString(StandardCharsets.UTF_8);
        assertThat(requests).contains("?uploads").containsPattern("&partNumber=3\\s").doesNotContain("&partNumber=4");
        assertThat(requests).doesNotContain(s3.secretKey());

        StoredObject stat = store.stat(key).orElseThrow();
        assertThat(stat.size()).isEqualTo(size);
        assertThat(stat.sha256()).isEqualTo(digest);
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(store.open(key), read)) {
            assertThat(in.transferTo(OutputStreamNull.INSTANCE)).isEqualTo(size);
        }
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(digest);
        assertThat(backendNames()).noneMatch(name -> name.startsWith(ObjectKeys.RESERVED + "/"));
        store.delete(key);
    }

    @Test
    void aLargeObjectOfUnknownSize() throws Exception {
        String key = key("unknown-large.bin");
        long size = 17L * 1024 * 1024 + 3;
        StoredObject stored = store.put(key, new RandomStream(size, 78), -1, null);
        assertThat(stored.size()).isEqualTo(size);
        assertThat(store.stat(key).orElseThrow().size()).isEqualTo(size);
        store.delete(key);
    }

    @Test
    void statReportsTheDigestOfAPut() throws IOException {
        String key = key("digest");
        byte[] content = random(1000, 79);
        store.put(key, new ByteArrayInputStream(content), content.length, null);
        assertThat(store.stat(key).orElseThrow().sha256()).isEqualTo(sha256(content));
    }

    @Test
    void presignedGetServesTheBytes() throws Exception {
        String key = key("weights.bin");
        byte[] content = random(300_000, 80);
        store.put(key, new ByteArrayInputStream(content), content.length, null);

        URI plain = store.presignGet(key, Duration.ofMinutes(5), null).orElseThrow();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);

        URI named = store.presignGet(key, Duration.ofMinutes(5), "model \"v1\".bin").orElseThrow();
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(named).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(content);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).startsWith("attachment;").contains("filename=\"model _v1_.bin\""));

        // the signature covers the URL: changing the object fails
        URI tampered = URI.create(plain.toString().replace(key, key + "x"));
        assertThat(http.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void presignedPutStoresTheBytes() throws Exception {
        String key = key("uploaded.bin");
        byte[] content = random(200_000, 81);
        URI url = store.presignPut(key, Duration.ofMinutes(5)).orElseThrow();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(read(key)).isEqualTo(content);
    }

    @Test
    void presignRejectsTtlsS3DoesNotAllow() {
        assertThatThrownBy(() -> store.presignGet(key("x"), Duration.ofDays(8), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignPut(key("x"), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignGet("../x", Duration.ofMinutes(1), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrongCredentialsGiveAClearErrorWithoutTheSecret() throws IOException {
        String wrongSecret = "not-the-secret-" + System.nanoTime();
        try (S3ObjectStore wrong = new S3ObjectStore(settings(s3, s3.bucket(), wrongSecret))) {
            assertThatThrownBy(wrong::ensureBucket)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refused access key '" + s3.accessKey() + "'")
                    .hasMessageContaining("AccessDenied")
                    .hasMessageContaining(s3.endpoint().toString())
                    .hasMessageNotContaining(wrongSecret);
            String key = key("denied");
            assertThatThrownBy(() -> wrong.put(key, new ByteArrayInputStream(new byte[10]), 10, null))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refused access key");
            assertThat(store.stat(key)).isEmpty();
        }
    }

    @Test
    void aMissingBucketIsCreated() throws IOException {
        String bucket = "fresh-" + System.nanoTime();
        try (S3ObjectStore fresh = new S3ObjectStore(settings(s3, bucket, s3.secretKey()))) {
            fresh.put("k", new ByteArrayInputStream(new byte[] {9}), 1, null);
            assertThat(s3.dataDir().resolve(bucket).resolve("k")).hasBinaryContent(new byte[] {9});
        }
    }

    @Test
    void aMissingBucketIsAnErrorWhenNotToBeCreated() {
        S3Settings noCreate = new S3Settings(s3.endpoint(), "us-east-1", "absent-" + System.nanoTime(), s3.accessKey(),
                s3.secretKey(), true, PART_SIZE, false, null);
        try (S3ObjectStore absent = new S3ObjectStore(noCreate)) {
            assertThatThrownBy(absent::ensureBucket).isInstanceOf(IOException.class).hasMessageContaining("does not exist");
        }
    }

    @Test
    void anUnreachableEndpointSaysWhere() {
        S3Settings closed = new S3Settings(URI.create("http://127.0.0.1:9"), "us-east-1", "bucket", "ak", "sk", true, PART_SIZE, true, null);
        try (S3ObjectStore unreachable = new S3ObjectStore(closed)) {
            assertThatThrownBy(() -> unreachable.stat("k")).isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:9");
        }
    }

    @Test
    void aMisconfiguredStoreSaysWhatIsWrong() {
        assertThatThrownBy(() -> new S3Settings(s3.endpoint(), "us-east-1", "b", "ak", "sk", true, 1024, true, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partSize");
    }

    @Test
    void presignedUrlsUseThePublicEndpoint() throws IOException {
        S3Settings withPublic = new S3Settings(s3.endpoint(), "us-east-1", s3.bucket(), s3.accessKey(), s3.secretKey(), true,
                PART_SIZE, true, URI.create("https://s3.example.com"));
        try (S3ObjectStore outside = new S3ObjectStore(withPublic)) {
            URI url = outside.presignGet("a/b", Duration.ofMinutes(1), null).orElseThrow();
            assertThat(url.getHost()).isEqualTo("s3.example.com");
            assertThat(url.getPath()).isEqualTo("/" + s3.bucket() + "/a/b");
            assertThat(url.getQuery()).contains("X-Amz-Signature=").doesNotContain(s3.secretKey());
        }
    }

    @Test
    void contentDispositionCarriesUnicodeNames() {
        assertThat(S3ObjectStore.contentDisposition("模型 v1.bin"))
                .isEqualTo("attachment; filename=\"__ v1.bin\"; filename*=UTF-8''%E6%A8%A1%E5%9E%8B%20v1.bin");
    }

    /** {@code size} pseudo-random bytes, generated as they are read. */
    static final class RandomStream extends InputStream {
        private final Random random;
        private long left;

        RandomStream(long size, long seed) {
            this.left = size;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            left -= n;
            return n;
        }
    }

    static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
