package org.csghub.idp.casdoor.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local stand-in for Casdoor's API as documented (no Casdoor server runs here): the token endpoint
 * ({@code POST /api/login/oauth/access_token}: client credentials and a single-use code, answering a JWT access
 * token signed with the application's key) and {@code GET /api/get-user?id=<org>/<name>} (HTTP Basic with the
 * client id and secret, answering {@code {"status":"ok","data":{...}}}). It refuses what Casdoor refuses, so the
 * provider's requests must be right for a login to pass.
 */
final class FakeCasdoor implements AutoCloseable {

    static final String ORG = "acme";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Map<String, Object>> users = new ConcurrentHashMap<>();
    private final Map<String, String> codes = new ConcurrentHashMap<>();

    /** What the next token answers are signed with and say; tests change them to forge tokens. */
    volatile SigningKey signingKey;
    volatile String audience;
    volatile Instant expiry = Instant.now().plusSeconds(3600);
    volatile String tokenEndpointQuery;
    volatile boolean getUserFails;

    FakeCasdoor(String clientId, String clientSecret, SigningKey signingKey) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.signingKey = signingKey;
        this.audience = clientId;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/login/oauth/access_token", this::token);
        server.createContext("/api/get-user", this::getUser);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void addUser(String name, String email, String displayName, List<String> groups) {
        Map<String, Object> user = new HashMap<>(Map.of("owner", ORG, "name", name, "id", UUID.randomUUID().toString(),
                "displayName", displayName, "email", email, "avatar", "https://door/img/" + name + ".png",
                "type", "normal-user", "isAdmin", false, "isForbidden", false, "groups", groups));
        users.put(name, user);
    }

    void forbid(String name) {
        users.get(name).put("isForbidden", true);
    }

    String idOf(String name) {
        return (String) users.get(name).get("id");
    }

    /** What Casdoor's login page does when the person signs in: a code for them. */
    String signIn(String name) {
        String code = UUID.randomUUID().toString().replace("-", "");
        codes.put(code, name);
        return code;
    }

    private void token(HttpExchange exchange) throws IOException {
        // the SDK (Apache Oltu's buildQueryMessage) sends its parameters in the query of a POST
        Map<String, String> params = query(exchange.getRequestURI());
        tokenEndpointQuery = exchange.getRequestURI().getRawQuery();
        if (!"POST".equals(exchange.getRequestMethod()) || !"authorization_code".equals(params.get("grant_type"))) {
            answer(exchange, 400, Map.of("error", "unsupported_grant_type"));
        } else if (!clientId.equals(params.get("client_id")) || !clientSecret.equals(params.get("client_secret"))) {
            answer(exchange, 400, Map.of("error", "invalid_client", "error_description", "client_secret is invalid"));
        } else {
            String name = params.get("code") == null ? null : codes.remove(params.get("code")); // single use
            if (name == null) {
                answer(exchange, 400, Map.of("error", "invalid_grant", "error_description", "authorization code is invalid"));
            } else {
                answer(exchange, 200, Map.of("access_token", accessToken(users.get(name)), "token_type", "Bearer",
                        "expires_in", 3600, "scope", "read"));
            }
        }
    }

    private String accessToken(Map<String, Object> user) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(endpoint().toString()).subject((String) user.get("id")).audience(audience)
                .expirationTime(java.util.Date.from(expiry)).notBeforeTime(java.util.Date.from(Instant.now().minusSeconds(5)))
                .issueTime(java.util.Date.from(Instant.now())).claim("tokenType", "access-token");
        user.forEach((k, v) -> {
            if (!"groups".equals(k)) { // Casdoor's token carries the user; the groups come from get-user here
                claims.claim(k, v);
            }
        });
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
            jwt.sign(new RSASSASigner(signingKey.privateKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void getUser(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        String id = query(exchange.getRequestURI()).getOrDefault("id", "");
        Map<String, Object> user = id.startsWith(ORG + "/") ? users.get(id.substring(ORG.length() + 1)) : null;
        if (getUserFails) {
            answer(exchange, 200, Map.of("status", "error", "msg", "database is locked"));
        } else if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 200, Map.of("status", "error", "msg", "Unauthorized operation"));
        } else if (user == null) {
            answer(exchange, 200, Map.of("status", "error", "msg", "The user: " + id + " doesn't exist"));
        } else {
            Map<String, Object> body = new HashMap<>(Map.of("status", "ok", "msg", "", "data", user));
            body.put("data2", null);
            answer(exchange, 200, body);
        }
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
