package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permission matrix, through the REST API of a running server: who (anonymous, outsider, org read / write /
 * admin, collaborator, owner, site admin, and an org admin holding a read-only token) may read, write and
 * administer public and private resources owned by an organization and by a user. The resources are the
 * example plugin's notes, which guard themselves with the hub's permission service, as every plugin does.
 * Every mutating call must have its audit row, with the right result. Run on Lite (H2) and CE (PostgreSQL).
 */
class AccessMatrixTest {

    /**
     * Expected statuses for read / write / admin on: acme's public note, acme's private note, owner's public
     * note, owner's private note. 401: anonymous must log in; 403: visible but not allowed; 404: invisible.
     */
    static final Map<String, String[]> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("anonymous",    new String[] {"200/401/401", "404/404/404", "200/401/401", "404/404/404"});
        EXPECTED.put("outsider",     new String[] {"200/403/403", "404/404/404", "200/403/403", "404/404/404"});
        EXPECTED.put("org-read",     new String[] {"200/403/403", "200/403/403", "200/403/403", "404/404/404"});
        EXPECTED.put("org-write",    new String[] {"200/200/403", "200/200/403", "200/403/403", "404/404/404"});
        EXPECTED.put("org-admin",    new String[] {"200/200/200", "200/200/200", "200/403/403", "404/404/404"});
        EXPECTED.put("collaborator", new String[] {"200/200/403", "200/200/403", "200/200/403", "200/200/403"});
        EXPECTED.put("owner",        new String[] {"200/403/403", "404/404/404", "200/200/200", "200/200/200"});
        EXPECTED.put("site-admin",   new String[] {"200/200/200", "200/200/200", "200/200/200", "200/200/200"});
        EXPECTED.put("org-admin-read-token", new String[] {"200/403/403", "200/403/403", "200/403/403", "404/404/404"});
    }

    static final String[] NOTES = {"acme/open", "acme/secret", "owner/open", "owner/secret"};

    @TempDir
    Path tmp;

    @Test
    void onLiteWithH2() throws Exception {
        try (Hub hub = Hub.lite(tmp.resolve("lite"), env()).start()) {
            hub.awaitHealthy(Duration.ofSeconds(60));
            matrix(hub);
        }
    }

    @Test
    void onCeWithPostgres() throws Exception {
        try (TestPostgres pg = TestPostgres.create()) {
            Map<String, String> env = new HashMap<>(env());
            env.put("CSGHUB_DB_URL", pg.url());
            env.put("CSGHUB_DB_USER", pg.user());
            try (Hub hub = Hub.folder(Path.of(System.getProperty("csghub.ce.home")), tmp.resolve("ce"), env).start()) {
                hub.awaitHealthy(Duration.ofSeconds(60));
                matrix(hub);
            }
        }
    }

    static Map<String, String> env() {
        return Map.of("CSGHUB_ADMIN_TOKEN", HubApi.OPERATOR_TOKEN, "CSGHUB_ADMIN_PASSWORD", HubApi.ROOT_PASSWORD,
                "CSGHUB_RATE_ANONYMOUS", "100000/10000", "CSGHUB_RATE_USER", "100000/10000",
                "CSGHUB_RATE_ADMIN", "100000/10000");
    }

    private void matrix(Hub hub) throws Exception {
        HubApi api = new HubApi(hub);
        api.installExamplePlugin();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("anonymous", null);
        for (String name : List.of("outsider", "org-read", "org-write", "org-admin", "collaborator", "owner")) {
            tokens.put(name, api.user(name));
        }
        tokens.put("site-admin", api.rootToken());
        tokens.put("org-admin-read-token", api.token(tokens.get("org-admin"), "read-only", "\"read\"", null));

        List<Call> mutations = new ArrayList<>();
        String orgAdmin = tokens.get("org-admin");
        mutations.add(Call.of(api.json("POST", "/api/v1/organizations", orgAdmin, "{\"name\":\"acme\"}"), 201));
        mutations.add(Call.of(api.json("PUT", "/api/v1/organizations/acme/members/org-read", orgAdmin,
                "{\"role\":\"read\"}"), 200));
        mutations.add(Call.of(api.json("PUT", "/api/v1/organizations/acme/members/org-write", orgAdmin,
                "{\"role\":\"write\"}"), 200));
        mutations.add(Call.of(api.json("PUT", "/api/v1/organizations/acme/members/org-read", tokens.get("org-write"),
                "{\"role\":\"admin\"}"), 403));
        for (String note : NOTES) {
            String[] ns = note.split("/");
            String creator = ns[0].equals("acme") ? orgAdmin : tokens.get("owner");
            String visibility = ns[1].equals("open") ? "public" : "private";
            mutations.add(Call.of(api.json("POST", "/api/v1/example/notes", creator, "{\"namespace\":\"" + ns[0]
                    + "\",\"name\":\"" + ns[1] + "\",\"visibility\":\"" + visibility + "\",\"content\":\"hi\"}"), 201));
            mutations.add(Call.of(api.json("PUT", "/api/v1/collaborators/note/" + note + "/collaborator", creator,
                    "{\"role\":\"write\"}"), 200));
        }
        // an outsider may not create in someone else's namespace, and may not even learn it has private notes
        mutations.add(Call.of(api.json("POST", "/api/v1/example/notes", tokens.get("outsider"),
                "{\"namespace\":\"owner\",\"name\":\"intrusion\",\"content\":\"x\"}"), 404));

        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String[]> row : EXPECTED.entrySet()) {
            String token = tokens.get(row.getKey());
            for (int i = 0; i < NOTES.length; i++) {
                String path = "/api/v1/example/notes/" + NOTES[i];
                String visibility = NOTES[i].endsWith("open") ? "public" : "private";
                Hub.Reply read = api.get(path, token);
                Hub.Reply write = api.json("PUT", path + "/content", token, "{\"content\":\"by " + row.getKey() + "\"}");
                Hub.Reply admin = api.json("PUT", path + "/settings", token, "{\"visibility\":\"" + visibility + "\"}");
                String actual = read.status() + "/" + write.status() + "/" + admin.status();
                if (!actual.equals(row.getValue()[i])) {
                    failures.add(row.getKey() + " on " + NOTES[i] + ": expected " + row.getValue()[i] + " got " + actual);
                }
                mutations.add(Call.of(write, write.status()));
                mutations.add(Call.of(admin, admin.status()));
                for (Hub.Reply reply : List.of(read, write, admin)) {
                    if (reply.status() >= 400) {
                        // every refusal is the uniform error body, and a 404 never says the note exists
                        JsonNode error = reply.json().path("error");
                        assertThat(error.path("code").asText()).isNotEmpty();
                        assertThat(error.path("requestId").asText()).isEqualTo(reply.header("X-Request-Id"));
                    }
                }
            }
        }
        assertThat(failures).as("permission matrix").isEmpty();

        // every mutating call, allowed or refused, has its audit row with the right result
        Hub.Reply audit = api.get("/api/v1/admin/audit?per_page=500", api.rootToken());
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        Map<String, JsonNode> byRequest = new HashMap<>();
        audit.json().path("items").forEach(item -> byRequest.put(item.path("requestId").asText(), item));
        for (Call call : mutations) {
            JsonNode row = byRequest.get(call.requestId);
            assertThat(row).as("audit row for %s", call).isNotNull();
            assertThat(row.path("status").asInt()).isEqualTo(call.status);
            assertThat(row.path("result").asText()).isEqualTo(call.status < 400 ? "success" : "denied");
            assertThat(row.path("clientIp").asText()).isEqualTo("127.0.0.1");
        }
        // a site admin reading a private note they have no role on is audited as such
        Hub.Reply adminReads = api.get("/api/v1/admin/audit?action=admin.read&target=note/owner/secret",
                api.rootToken());
        assertThat(adminReads.json().path("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(adminReads.json().path("items").get(0).path("actor").asText()).isEqualTo("root");
        // the audit is for admins only
        assertThat(api.get("/api/v1/admin/audit", tokens.get("org-admin")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/admin/audit", null).status()).isEqualTo(401);
    }

    record Call(String requestId, int status, String summary) {
        static Call of(Hub.Reply reply, int expectedStatus) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(expectedStatus);
            return new Call(reply.header("X-Request-Id"), reply.status(), reply.body());
        }
    }
}
