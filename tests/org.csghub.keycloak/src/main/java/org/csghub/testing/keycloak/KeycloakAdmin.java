package org.csghub.testing.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sets up what a test needs through Keycloak's admin REST API: realms, clients, users, groups. Each call fails
 * with the status and Keycloak's answer when Keycloak refuses it.
 */
public final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUri;
    private final String token;

    KeycloakAdmin(HttpClient http, URI baseUri, String username, String password) {
        this.http = http;
        this.baseUri = baseUri;
        String form = "grant_type=password&client_id=admin-cli&username=" + encode(username) + "&password=" + encode(password);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(baseUri.resolve("/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200);
        this.token = read(answer.body()).path("access_token").asText();
    }

    /** A new, empty realm; one of that name left over from an earlier run (the database persists) is deleted. */
    public void createRealm(String realm) {
        send(authorized("/admin/realms/" + realm).DELETE(), 204, 404);
        post("/admin/realms", Map.of("realm", realm, "enabled", true));
    }

    /**
     * A confidential client for the authorization code flow that requires PKCE (S256), with a {@code groups}
     * claim (oidc-group-membership-mapper) in the ID token, the access token and userinfo.
     *
     * @param fullGroupPath {@code true}: groups read as paths ({@code /ml-team}, {@code /parent/child});
     *                      {@code false}: bare names ({@code ml-team}), ambiguous when subgroups share names
     * @param secret        the client secret, or {@code null} for a public client
     */
    public void createClient(String realm, String clientId, String secret, List<String> redirectUris, boolean fullGroupPath) {
        Map<String, Object> groupsMapper = Map.of("name", "groups", "protocol", "openid-connect",
                "protocolMapper", "oidc-group-membership-mapper",
                "config", Map.of("claim.name", "groups", "full.path", String.valueOf(fullGroupPath),
                        "id.token.claim", "true", "access.token.claim", "true", "userinfo.token.claim", "true"));
        Map<String, Object> client = new java.util.HashMap<>(Map.of("clientId", clientId, "protocol", "openid-connect",
                "enabled", true, "publicClient", secret == null, "standardFlowEnabled", true,
                "directAccessGrantsEnabled", false, "redirectUris", redirectUris,
                "attributes", Map.of("pkce.code.challenge.method", "S256"),
                "protocolMappers", List.of(groupsMapper)));
        if (secret != null) {
            client.put("secret", secret);
            client.put("clientAuthenticatorType", "client-secret");
        }
        post("/admin/realms/" + realm + "/clients", client);
    }

    /** A user who can sign in at once (verified e-mail, complete profile, a permanent password); returns its id. */
    public String createUser(String realm, String username, String password, String email, String firstName, String lastName) {
        return idOf(post("/admin/realms/" + realm + "/users", Map.of("username", username, "enabled", true,
                "email", email, "emailVerified", true, "firstName", firstName, "lastName", lastName,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)))));
    }

    /** A top-level group; returns its id. */
    public String createGroup(String realm, String name) {
        return idOf(post("/admin/realms/" + realm + "/groups", Map.of("name", name)));
    }

    /** A group under another one (full path {@code /parent/name}); returns its id. */
    public String createSubGroup(String realm, String parentId, String name) {
        return idOf(post("/admin/realms/" + realm + "/groups/" + parentId + "/children", Map.of("name", name)));
    }

    public void addToGroup(String realm, String userId, String groupId) {
        send(authorized("/admin/realms/" + realm + "/users/" + userId + "/groups/" + groupId)
                .PUT(HttpRequest.BodyPublishers.noBody()), 204);
    }

    private HttpResponse<String> post(String path, Object body) {
        try {
            return send(authorized(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), 201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(baseUri.resolve(path)).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int... expected) {
        try {
            HttpResponse<String> answer = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (java.util.Arrays.stream(expected).noneMatch(status -> status == answer.statusCode())) {
                throw new IllegalStateException(answer.request().method() + " " + answer.request().uri().getPath()
                        + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keycloak answers a create with the new object's URL in Location; its last segment is the id. */
    private static String idOf(HttpResponse<String> created) {
        String location = created.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no Location in " + created));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
