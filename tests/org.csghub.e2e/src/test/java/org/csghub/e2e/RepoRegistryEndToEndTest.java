package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository registry through the REST API of a running Lite server: every installed type, creation rules,
 * permissions on public and private repositories in user and organization namespaces, listing with search,
 * facets, sorting and paging, update, rename and transfer, likes, deletion, and collections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepoRegistryEndToEndTest {

    static final List<String> SEGMENTS = List.of("models", "datasets", "codes", "spaces", "prompts", "mcps");

    @TempDir
    static Path tmp;
    Hub hub;
    HubApi api;
    String root;
    String owner;
    String outsider;
    String orgReader;

    @BeforeAll
    void start() throws Exception {
        hub = Hub.lite(tmp.resolve("lite"), AccessMatrixTest.env()).start();
        hub.awaitHealthy(Duration.ofSeconds(60));
        api = new HubApi(hub);
        root = api.rootToken();
        owner = api.user("owner");
        outsider = api.user("outsider");
        orgReader = api.user("reader");
        assertThat(api.json("POST", "/api/v1/organizations", owner, "{\"name\":\"acme\"}").status()).isEqualTo(201);
        assertThat(api.json("PUT", "/api/v1/organizations/acme/members/reader", owner, "{\"role\":\"read\"}").status())
                .isEqualTo(200);
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void everyTypeIsInstalledAndServesItsOwnSegment() throws Exception {
        JsonNode types = api.get("/api/v1/repo-types", null).json();
        List<String> segments = new ArrayList<>();
        types.forEach(t -> segments.add(t.path("segment").asText()));
        assertThat(segments).containsExactlyInAnyOrderElementsOf(SEGMENTS);
        for (String segment : SEGMENTS) {
            Hub.Reply created = api.json("POST", "/api/v1/" + segment, owner, "{\"name\":\"each-" + segment + "\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.header("Location")).endsWith("/api/v1/" + segment + "/owner/each-" + segment);
            JsonNode repo = api.get("/api/v1/" + segment + "/owner/each-" + segment, null).json();
            assertThat(repo.path("type").asText()).isEqualTo(segment.substring(0, segment.length() - 1));
            assertThat(repo.path("cloneUrl").asText()).endsWith("/" + segment + "/owner/each-" + segment + ".git");
            assertThat(repo.path("defaultBranch").asText()).isEqualTo("main");
        }
        assertThat(api.get("/api/v1/widgets", null).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/widgets", null).json().path("error").path("message").asText()).contains("widgets");
    }

    @Test
    void creationRules() throws Exception {
        assertThat(api.json("POST", "/api/v1/models", owner, "{\"name\":\"rules\"}").status()).isEqualTo(201);
        Hub.Reply dup = api.json("POST", "/api/v1/models", owner, "{\"name\":\"RULES\"}");
        assertThat(dup.status()).as("names ignore case").isEqualTo(409);
        // the same name in another type is another repository
        assertThat(api.json("POST", "/api/v1/datasets", owner, "{\"name\":\"rules\"}").status()).isEqualTo(201);
        for (String bad : List.of("../etc", "a/b", "x.git", "-x", "has space", "")) {
            Hub.Reply r = api.json("POST", "/api/v1/models", owner, "{\"name\":\"" + bad + "\"}");
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().path("error").path("code").asText()).isEqualTo("invalid_name");
        }
        assertThat(api.json("POST", "/api/v1/models", owner, "{\"name\":\"v\",\"visibility\":\"secret\"}").status())
                .isEqualTo(400);
        assertThat(api.json("POST", "/api/v1/models", owner, "{\"name\":\"b\",\"defaultBranch\":\"a..b\"}").status())
                .isEqualTo(400);
        assertThat(api.json("POST", "/api/v1/models", null, "{\"name\":\"anon\"}").status()).isEqualTo(401);
        assertThat(api.json("POST", "/api/v1/models", outsider, "{\"namespace\":\"owner\",\"name\":\"x\"}").status())
                .isEqualTo(403);
        assertThat(api.json("POST", "/api/v1/models", owner, "{\"namespace\":\"nobody\",\"name\":\"x\"}").status())
                .isEqualTo(404);
        assertThat(api.json("POST", "/api/v1/models", orgReader, "{\"namespace\":\"acme\",\"name\":\"x\"}").status())
                .as("read members may not create").isEqualTo(403);
        assertThat(api.json("POST", "/api/v1/models", owner, "{\"namespace\":\"acme\",\"name\":\"org-model\"}").status())
                .isEqualTo(201);
        assertThat(api.json("POST", "/api/v1/models", root, "{\"namespace\":\"acme\",\"name\":\"by-admin\"}").status())
                .isEqualTo(201);
    }

    @Test
    void privateRepositoriesAreInvisibleToOthers() throws Exception {
        assertThat(api.json("POST", "/api/v1/models", owner,
                "{\"name\":\"hidden\",\"visibility\":\"private\",\"tags\":[\"secret-tag\"]}").status()).isEqualTo(201);
        assertThat(api.json("POST", "/api/v1/models", owner,
                "{\"namespace\":\"acme\",\"name\":\"org-hidden\",\"visibility\":\"private\",\"tags\":[\"secret-tag\"]}")
                .status()).isEqualTo(201);
        assertThat(api.get("/api/v1/models/owner/hidden", null).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/models/owner/hidden", outsider).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/models/owner/hidden", owner).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/models/owner/hidden", root).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/models/acme/org-hidden", orgReader).status()).isEqualTo(200);
        assertThat(paths("/api/v1/models?tag=secret-tag", null)).isEmpty();
        assertThat(paths("/api/v1/models?tag=secret-tag", outsider)).isEmpty();
        assertThat(paths("/api/v1/models?tag=secret-tag", orgReader)).containsExactly("acme/org-hidden");
        assertThat(paths("/api/v1/models?tag=secret-tag", owner)).containsExactlyInAnyOrder("owner/hidden", "acme/org-hidden");
        assertThat(paths("/api/v1/models?tag=secret-tag", root)).hasSize(2);
        // a read member sees it but may not change it
        assertThat(api.json("PATCH", "/api/v1/models/acme/org-hidden", orgReader, "{\"description\":\"x\"}").status())
                .isEqualTo(403);
        assertThat(api.json("DELETE", "/api/v1/models/owner/hidden", outsider, null).status()).isEqualTo(404);
    }

    @Test
    void listingSearchesFiltersSortsAndPages() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(api.json("POST", "/api/v1/prompts", owner, "{\"name\":\"page-" + i
                    + "\",\"description\":\"Paged prompt " + i + "\",\"tags\":[\"paging\"" + (i % 2 == 0 ? ",\"even\"" : "")
                    + "]}").status()).isEqualTo(201);
        }
        JsonNode page1 = api.get("/api/v1/prompts?tag=paging&sort=name&per_page=2&page=1", null).json();
        assertThat(page1.path("total").asLong()).isEqualTo(5);
        assertThat(names(page1)).containsExactly("owner/page-0", "owner/page-1");
        assertThat(names(api.get("/api/v1/prompts?tag=paging&sort=name&per_page=2&page=3", null).json()))
                .containsExactly("owner/page-4");
        assertThat(paths("/api/v1/prompts?tag=even", null)).containsExactlyInAnyOrder("owner/page-0", "owner/page-2",
                "owner/page-4");
        assertThat(paths("/api/v1/prompts?tag=EVEN&search=PROMPT%203", null)).isEmpty();
        assertThat(paths("/api/v1/prompts?search=paged%20prompt%203", null)).containsExactly("owner/page-3");
        assertThat(paths("/api/v1/prompts?search=100%25", null)).as("% is matched literally").isEmpty();
        assertThat(paths("/api/v1/prompts?namespace=OWNER&tag=paging", null)).hasSize(5);
        assertThat(names(api.get("/api/v1/prompts?tag=paging&sort=recent&per_page=1", null).json()))
                .containsExactly("owner/page-4");
        assertThat(api.get("/api/v1/prompts?sort=sideways", null).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/prompts?per_page=0", null).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/prompts?per_page=1000", null).status()).isEqualTo(400);
    }

    @Test
    void updateRenameTransferLikeAndDelete() throws Exception {
        assertThat(api.json("POST", "/api/v1/codes", owner, "{\"name\":\"tool\",\"tags\":[\"a\"]}").status()).isEqualTo(201);
        JsonNode updated = api.json("PATCH", "/api/v1/codes/owner/tool", owner,
                "{\"description\":\"better\",\"tags\":[\"b\",\"c\"],\"visibility\":\"private\"}").json();
        assertThat(updated.path("description").asText()).isEqualTo("better");
        assertThat(updated.path("visibility").asText()).isEqualTo("private");
        assertThat(paths("/api/v1/codes?tag=a", owner)).isEmpty();
        assertThat(paths("/api/v1/codes?tag=c", owner)).containsExactly("owner/tool");
        assertThat(api.json("PATCH", "/api/v1/codes/owner/tool", owner, "{\"visibility\":\"public\"}").status()).isEqualTo(200);

        // likes count once per user, and only for logged-in users
        assertThat(api.json("PUT", "/api/v1/codes/owner/tool/like", outsider, null).json().path("likes").asLong()).isEqualTo(1);
        assertThat(api.json("PUT", "/api/v1/codes/owner/tool/like", outsider, null).json().path("likes").asLong()).isEqualTo(1);
        assertThat(api.json("PUT", "/api/v1/codes/owner/tool/like", owner, null).json().path("likes").asLong()).isEqualTo(2);
        assertThat(api.json("PUT", "/api/v1/codes/owner/tool/like", null, null).status()).isEqualTo(401);
        assertThat(api.json("DELETE", "/api/v1/codes/owner/tool/like", owner, null).json().path("likes").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/codes/owner/tool", null).json().path("likes").asLong()).isEqualTo(1);

        // a collaborator's grant follows the repository through renames and transfers, and goes with it
        assertThat(api.json("PUT", "/api/v1/collaborators/code/owner/tool/outsider", owner, "{\"role\":\"write\"}")
                .status()).isEqualTo(200);
        assertThat(api.json("PATCH", "/api/v1/codes/owner/tool", outsider, "{\"description\":\"by collaborator\"}")
                .status()).isEqualTo(200);

        // rename, then transfer to an organization the owner may write to
        assertThat(api.json("POST", "/api/v1/codes/owner/tool/move", outsider, "{\"name\":\"stolen\"}").status()).isEqualTo(403);
        JsonNode renamed = api.json("POST", "/api/v1/codes/owner/tool/move", owner, "{\"name\":\"toolkit\"}").json();
        assertThat(renamed.path("path").asText()).isEqualTo("owner/toolkit");
        assertThat(api.get("/api/v1/codes/owner/tool", null).status()).isEqualTo(404);
        assertThat(api.json("POST", "/api/v1/codes/owner/toolkit/move", owner, "{\"namespace\":\"outsider\"}").status())
                .as("not into someone else's namespace").isEqualTo(403);
        JsonNode moved = api.json("POST", "/api/v1/codes/owner/toolkit/move", owner, "{\"namespace\":\"acme\"}").json();
        assertThat(moved.path("path").asText()).isEqualTo("acme/toolkit");
        assertThat(moved.path("likes").asLong()).as("counters move along").isEqualTo(1);
        assertThat(api.json("PATCH", "/api/v1/codes/acme/toolkit", outsider, "{\"description\":\"still mine\"}")
                .status()).as("the grant moved with the repository").isEqualTo(200);

        assertThat(api.json("DELETE", "/api/v1/codes/acme/toolkit", orgReader, null).status()).isEqualTo(403);
        assertThat(api.json("DELETE", "/api/v1/codes/acme/toolkit", owner, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/codes/acme/toolkit", root).status()).isEqualTo(404);
        assertThat(api.json("POST", "/api/v1/codes", owner, "{\"namespace\":\"acme\",\"name\":\"toolkit\"}").status())
                .as("the name is free again").isEqualTo(201);
        assertThat(api.get("/api/v1/codes/acme/toolkit", null).json().path("likes").asLong()).isZero();
        assertThat(api.json("PATCH", "/api/v1/codes/acme/toolkit", outsider, "{\"description\":\"x\"}").status())
                .as("a new repository under an old name inherits no grants").isEqualTo(403);
    }

    @Test
    void collectionsListAssetsAcrossTypes() throws Exception {
        assertThat(api.json("POST", "/api/v1/models", owner, "{\"name\":\"coll-model\"}").status()).isEqualTo(201);
        assertThat(api.json("POST", "/api/v1/datasets", owner, "{\"name\":\"coll-data\"}").status()).isEqualTo(201);
        assertThat(api.json("POST", "/api/v1/datasets", outsider, "{\"name\":\"theirs\",\"visibility\":\"private\"}").status())
                .isEqualTo(201);
        assertThat(api.json("POST", "/api/v1/collections", owner, "{\"name\":\"starter\",\"title\":\"Starter kit\"}").status())
                .isEqualTo(201);
        assertThat(api.json("POST", "/api/v1/collections/owner/starter/items", owner,
                "{\"type\":\"model\",\"path\":\"owner/coll-model\",\"note\":\"base\"}").status()).isEqualTo(200);
        JsonNode c = api.json("POST", "/api/v1/collections/owner/starter/items", owner,
                "{\"type\":\"dataset\",\"path\":\"owner/coll-data\"}").json();
        assertThat(c.path("items")).hasSize(2);
        assertThat(api.json("POST", "/api/v1/collections/owner/starter/items", owner,
                "{\"type\":\"dataset\",\"path\":\"outsider/theirs\"}").status()).as("cannot add what you cannot read")
                .isEqualTo(404);
        assertThat(api.json("POST", "/api/v1/collections/owner/starter/items", outsider,
                "{\"type\":\"dataset\",\"path\":\"owner/coll-data\"}").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/collections/owner/starter", null).json().path("items").get(0).path("path").asText())
                .isEqualTo("owner/coll-model");
        assertThat(api.json("DELETE", "/api/v1/collections/owner/starter/items/model/owner/coll-model", owner, null)
                .json().path("items")).hasSize(1);
        // private collections are invisible to others, like private repositories
        assertThat(api.json("PATCH", "/api/v1/collections/owner/starter", owner, "{\"visibility\":\"private\"}").status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/collections/owner/starter", outsider).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/collections?namespace=owner", outsider).json().path("total").asLong()).isZero();
        assertThat(api.get("/api/v1/collections?namespace=owner", owner).json().path("total").asLong()).isEqualTo(1);
        // deleting a repository takes it out of collections
        assertThat(api.json("DELETE", "/api/v1/datasets/owner/coll-data", owner, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/collections/owner/starter", owner).json().path("items")).isEmpty();
    }

    private List<String> paths(String path, String bearer) throws Exception {
        Hub.Reply r = api.get(path, bearer);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return names(r.json());
    }

    private static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(i -> out.add(i.path("path").asText()));
        return out;
    }
}
