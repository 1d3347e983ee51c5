package org.csghub.idp.oidc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery against a local server that counts requests and answers what a test sets. */
class DiscoveryTest {

    private HttpServer server;
    private String issuer;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> document = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/hub";
        server.createContext("/realms/hub/.well-known/openid-configuration", exchange -> {
            requests.incrementAndGet();
            byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        document.set(documentNaming(issuer));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void cachesTheDocumentForItsTimeToLive() throws Exception {
        Discovery discovery = discovery();
        Discovery.Endpoints first = discovery.endpoints();
        assertThat(first.metadata().getTokenEndpointURI()).hasToString(issuer + "/token");
        assertThat(discovery.endpoints()).isSameAs(first);
        assertThat(requests).hasValue(1);

        now = now.plus(Duration.ofMinutes(11));
        assertThat(discovery.endpoints()).isNotSameAs(first);
        assertThat(requests).hasValue(2);
    }

    @Test
    void doesNotCacheAFailure() throws Exception {
        Discovery discovery = discovery();
        status.set(503);
        assertThatThrownBy(discovery::endpoints).isNotNull();
        status.set(200);
        assertThat(discovery.endpoints().metadata().getIssuer().getValue()).isEqualTo(issuer);
        assertThat(requests).hasValue(2);
    }

    @Test
    void refusesADocumentNamingAnotherIssuer() {
        document.set(documentNaming("https://evil.example.org/realms/hub"));
        assertThatThrownBy(discovery()::endpoints).hasMessageContaining("issuer");
    }

    private Discovery discovery() {
        return new Discovery(new Issuer(issuer), new ClientID("csghub"), 2000, Duration.ofMinutes(10), clock);
    }

    private static String documentNaming(String issuer) {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\","
                + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/certs\","
                + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"HS256\"]}";
    }
}
