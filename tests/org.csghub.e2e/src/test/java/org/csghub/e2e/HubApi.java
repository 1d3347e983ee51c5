package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** The accounts calls the end-to-end tests make, as a site admin or as a given user, over HTTP. */
final class HubApi {

    static final String OPERATOR_TOKEN = "e2e-operator-token";
    static final String ROOT_PASSWORD = "e2e-root-password";
    static final String PASSWORD = "correct-horse-battery";

    private final Hub hub;
    private final String root;

    HubApi(Hub hub) throws Exception {
        this.hub = hub;
        this.root = login("root", ROOT_PASSWORD);
    }

    String rootToken() {
        return root;
    }

    /** Logs in with a password and answers the session's access token. */
    String login(String username, String password) throws Exception {
        Hub.Reply reply = null;
        // the first admin is created in the background right after start-up
        for (int attempt = 0; attempt < 100; attempt++) {
            reply = json("POST", "/api/v1/auth/login", null,
                    "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
            if (reply.status() == 200 || !"root".equals(username)) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("accessToken").asText();
    }

    /** Creates a user with {@link #PASSWORD} and answers their session token. */
    String user(String username) throws Exception {
        Hub.Reply created = json("POST", "/api/v1/admin/users", root,
                "{\"username\":\"" + username + "\",\"email\":\"" + username + "@e2e.test\",\"password\":\""
                        + PASSWORD + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return login(username, PASSWORD);
    }

    /** Creates an access token and answers its secret. */
    String token(String session, String name, String scopes, String expiresAt) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"scopes\":[" + scopes + "]"
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
        Hub.Reply created = json("POST", "/api/v1/user/tokens", session, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("secret").asText();
    }

    Hub.Reply json(String method, String path, String bearer, String body) throws Exception {
        String[] headers = bearer == null
                ? new String[] {"Content-Type", "application/json"}
                : new String[] {"Content-Type", "application/json", "Authorization", "Bearer " + bearer};
        return hub.send(method, path, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body), headers);
    }

    Hub.Reply get(String path, String bearer) throws Exception {
        return bearer == null ? hub.get(path) : hub.get(path, "Authorization", "Bearer " + bearer);
    }

    Hub.Reply getBasic(String path, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return hub.get(path, "Authorization", "Basic " + basic);
    }

    /** Installs the example plugin (notes, greetings) through the plugin API with the operator token. */
    void installExamplePlugin() throws Exception {
        Path jar = Path.of(System.getProperty("csghub.example.jar"));
        Hub.Reply installed = hub.send("POST", "/api/v1/admin/plugins", BodyPublishers.ofFile(jar),
                "Authorization", "Bearer " + OPERATOR_TOKEN, "Content-Type", "application/java-archive");
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        for (int i = 0; i < 200 && hub.get("/api/v1/example/notes/x/y").status() != 404; i++) {
            Thread.sleep(50);
        }
    }
}
