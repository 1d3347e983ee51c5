package org.csghub.testing.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class S3ProxyTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void startsWithSignatureCheckingAndStops() throws Exception {
        S3Proxy s3;
        try (S3Proxy server = S3Proxy.start("bucket-one")) {
            s3 = server;
            assertThat(server.isRunning()).isTrue();
            assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(server.bucket()).isEqualTo("bucket-one");
            assertThat(Files.isDirectory(server.dataDir().resolve("bucket-one"))).isTrue();
            assertThat(server.accessKey()).isNotBlank();
            assertThat(server.secretKey()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(server.hubEnvironment()).containsEntry("CSGHUB_S3_ENDPOINT", server.endpoint().toString())
                    .containsEntry("CSGHUB_S3_SECRET_KEY", server.secretKey());

            // an unsigned write is refused: authorization is on
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/bucket-one/x"))
                    .PUT(HttpRequest.BodyPublishers.ofString("anonymous")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(403);
            assertThat(server.dataDir().resolve("bucket-one/x")).doesNotExist();
        }
        assertThat(s3.isRunning()).isFalse();
        assertThat(Files.exists(s3.dataDir())).isFalse();
        try {
            http.send(HttpRequest.newBuilder(s3.endpoint().resolve("/")).build(), HttpResponse.BodyHandlers.discarding());
            throw new AssertionError("S3Proxy still answers after stop()");
        } catch (ConnectException expected) {
            // closed
        } catch (IOException other) {
            assertThat(other).hasRootCauseInstanceOf(ConnectException.class);
        }
    }

    @Test
    void sharedIsOneServer() {
        assertThat(S3Proxy.shared()).isSameAs(S3Proxy.shared());
        assertThat(S3Proxy.shared().isRunning()).isTrue();
    }
}
