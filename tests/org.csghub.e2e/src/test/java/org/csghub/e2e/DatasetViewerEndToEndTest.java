package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset viewer over HTTP on Lite (filesystem object store): Parquet, CSV and JSONL fixtures written here by
 * DuckDB are committed through the content API (the Parquet file large enough to go to LFS), then listed as configs
 * and splits, described, and read in pages with filters and sorting; a malformed file answers 422 naming it.
 * {@link DatasetViewerCeEndToEndTest} runs the same on CE with PostgreSQL and S3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetViewerEndToEndTest {

    @TempDir
    static Path tmp;
    static final int TRAIN_ROWS = 20_000;
    final ObjectMapper json = new ObjectMapper();
    Hub hub;
    HubApi api;
    String owner;
    String outsider;

    /** Lite with the filesystem store; CE with PostgreSQL and S3 in the subclass. */
    Hub launch(Map<String, String> env) throws Exception {
        return Hub.lite(tmp.resolve("lite"), env).start();
    }

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new HashMap<>(AccessMatrixTest.env());
        env.put("CSGHUB_GIT_MAX_FILE_BYTES", Integer.toString(64 * 1024)); // the Parquet fixture goes to LFS
        hub = launch(env);
        hub.awaitHealthy(Duration.ofSeconds(90));
        api = new HubApi(hub);
        owner = api.user("owner");
        outsider = api.user("outsider");
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
    }

    /** Writes the fixtures with DuckDB and answers their bytes by repository path. */
    private static Map<String, byte[]> fixtures() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("fixtures"));
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement st = c.createStatement()) {
            st.execute("COPY (SELECT i AS id, 'item ' || i AS name, md5(i::VARCHAR) AS digest, "
                    + "(i % 100) / 10.0 AS score, i % 3 = 0 AS fizz, [i, i * 2] AS pair, "
                    + "{'even': i % 2 = 0, 'label': 'l' || (i % 5)} AS meta FROM range(" + TRAIN_ROWS + ") t(i)) TO '"
                    + dir.resolve("train.parquet") + "' (FORMAT parquet, COMPRESSION uncompressed)");
            st.execute("COPY (SELECT i AS id, 'test ' || i AS name, i * 0.5 AS score FROM range(40) t(i)) TO '"
                    + dir.resolve("test.csv") + "' (FORMAT csv, HEADER)");
            st.execute("COPY (SELECT i AS turn, CASE WHEN i % 2 = 0 THEN 'user' ELSE 'assistant' END AS role, "
                    + "'message number ' || i AS content FROM range(25) t(i)) TO '" + dir.resolve("chat.jsonl")
                    + "' (FORMAT json)");
        }
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("data/train-00000-of-00001.parquet", Files.readAllBytes(dir.resolve("train.parquet")));
        files.put("data/test.csv", Files.readAllBytes(dir.resolve("test.csv")));
        files.put("chat/part-0.jsonl", Files.readAllBytes(dir.resolve("chat.jsonl")));
        files.put("broken/train.jsonl", "{\"a\": 1}\n{\"a\": 2, this is not json\n".getBytes(StandardCharsets.UTF_8));
        files.put("README.md", ("---\nlicense: mit\nconfigs:\n"
                + "- config_name: default\n  default: true\n  data_files:\n"
                + "  - split: train\n    path: data/train-*.parquet\n"
                + "  - split: test\n    path: data/test.csv\n"
                + "- config_name: chat\n  data_files: chat/*.jsonl\n"
                + "- config_name: broken\n  data_files: broken/*.jsonl\n"
                + "---\n# Viewer fixtures\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private void commit(String base, Map<String, byte[]> files) throws Exception {
        ObjectNode body = json.createObjectNode().put("message", "fixtures");
        ArrayNode ops = body.putArray("operations");
        files.forEach((path, bytes) -> ops.addObject().put("op", "create").put("path", path)
                .put("content", Base64.getEncoder().encodeToString(bytes)));
        Hub.Reply r = api.json("POST", base + "/commits", owner, json.writeValueAsString(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private Hub.Reply viewer(String base, String route, String bearer, String... params) throws Exception {
        List<String> q = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            q.add(params[i] + "=" + URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return api.get(base + "/viewer/" + route + (q.isEmpty() ? "" : "?" + String.join("&", q)), bearer);
    }

    private JsonNode ok(Hub.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void configsSplitsSchemaAndRows() throws Exception {
        String base = "/api/v1/datasets/owner/viewer-fixtures";
        assertThat(api.json("POST", "/api/v1/datasets", owner, "{\"name\":\"viewer-fixtures\"}").status())
                .isEqualTo(201);
        // an empty dataset has no configs; its rows are a clear 404
        assertThat(ok(viewer(base, "splits", null)).path("configs")).isEmpty();
        assertThat(viewer(base, "rows", null).json().path("error").path("code").asText()).isEqualTo("no_data_files");

        commit(base, fixtures());

        JsonNode splits = ok(viewer(base, "splits", null));
        assertThat(splits.path("source").asText()).isEqualTo("card");
        assertThat(splits.path("configs").findValuesAsText("config")).containsExactly("default", "chat", "broken");
        JsonNode dflt = splits.path("configs").get(0).path("splits");
        assertThat(dflt.findValuesAsText("split")).containsExactly("train", "test");
        JsonNode trainFile = dflt.get(0).path("files").get(0);
        assertThat(trainFile.path("path").asText()).isEqualTo("data/train-00000-of-00001.parquet");
        assertThat(trainFile.path("lfs").asBoolean()).as("the Parquet file is stored in LFS").isTrue();
        assertThat(trainFile.path("format").asText()).isEqualTo("parquet");

        JsonNode schema = ok(viewer(base, "schema", null, "config", "default", "split", "train"));
        assertThat(schema.path("columns").findValuesAsText("name"))
                .containsExactly("id", "name", "digest", "score", "fizz", "pair", "meta");
        assertThat(schema.path("columns").findValuesAsText("type")).contains("BIGINT", "VARCHAR", "BOOLEAN",
                "BIGINT[]");

        // paging: the default config and its first split when none is named
        JsonNode page = ok(viewer(base, "rows", null, "offset", "19998", "limit", "5"));
        assertThat(page.path("total").asLong()).isEqualTo(TRAIN_ROWS);
        assertThat(page.path("rows").findValuesAsText("rowIdx")).containsExactly("19998", "19999");
        JsonNode row = page.path("rows").get(0).path("row");
        assertThat(row.path("id").asLong()).isEqualTo(19998);
        assertThat(row.path("name").asText()).isEqualTo("item 19998");
        assertThat(row.path("pair").toString()).isEqualTo("[19998,39996]");
        assertThat(row.path("meta").path("label").asText()).isEqualTo("l3");

        // filter and sort
        JsonNode filtered = ok(viewer(base, "rows", null, "split", "train", "where",
                "fizz = true and id < 1000 and name contains '99'", "orderby", "id desc", "limit", "3"));
        // multiples of 3 below 1000 whose name contains 99: 99, 399, 699, 990, 993, 996, 999
        assertThat(filtered.path("total").asLong()).isEqualTo(7);
        assertThat(filtered.path("rows").findValuesAsText("id")).containsExactly("999", "996", "993");
        JsonNode next = ok(viewer(base, "rows", null, "split", "train", "where",
                "fizz = true and id < 1000 and name contains '99'", "orderby", "id desc", "limit", "3", "offset", "3"));
        assertThat(next.path("rows").findValuesAsText("id")).containsExactly("990", "699", "399");
        JsonNode byScore = ok(viewer(base, "rows", null, "where", "score >= 9.9", "orderby", "score desc, id asc",
                "limit", "2"));
        assertThat(byScore.path("total").asLong()).isEqualTo(TRAIN_ROWS / 100);
        assertThat(byScore.path("rows").findValuesAsText("id")).containsExactly("99", "199");

        // CSV and JSONL splits
        JsonNode csv = ok(viewer(base, "rows", null, "split", "test", "where", "score > 18", "limit", "10"));
        assertThat(csv.path("total").asLong()).isEqualTo(3);
        assertThat(csv.path("rows").get(0).path("row").path("name").asText()).isEqualTo("test 37");
        JsonNode chat = ok(viewer(base, "rows", null, "config", "chat", "where", "role = assistant",
                "orderby", "turn desc", "limit", "2"));
        assertThat(chat.path("total").asLong()).isEqualTo(12);
        assertThat(chat.path("rows").get(0).path("row").path("content").asText()).isEqualTo("message number 23");
        assertThat(ok(viewer(base, "schema", null, "config", "chat")).path("columns").findValuesAsText("name"))
                .containsExactly("turn", "role", "content");

        // the cheap row count shows once the Parquet split is local
        assertThat(ok(viewer(base, "splits", null)).path("configs").get(0).path("splits").get(0)
                .path("numRows").asLong()).isEqualTo(TRAIN_ROWS);

        // errors: bad filters, a malformed file, unknown names, types without the viewer
        Hub.Reply injection = viewer(base, "rows", null, "where", "id = 1; DROP TABLE x");
        assertThat(injection.status()).isEqualTo(400);
        assertThat(injection.json().path("error").path("code").asText()).isEqualTo("invalid_where");
        assertThat(viewer(base, "rows", null, "where", "nosuch > 1").status()).isEqualTo(400);
        assertThat(viewer(base, "rows", null, "orderby", "id; select 1").status()).isEqualTo(400);
        assertThat(viewer(base, "rows", null, "limit", "1000").status()).isEqualTo(400);
        Hub.Reply broken = viewer(base, "rows", null, "config", "broken");
        assertThat(broken.status()).as(broken.body()).isEqualTo(422);
        assertThat(broken.json().path("error").path("code").asText()).isEqualTo("malformed_file");
        assertThat(broken.json().path("error").path("message").asText()).contains("'broken/train.jsonl'");
        assertThat(broken.json().path("error").path("details").path("file").asText()).isEqualTo("broken/train.jsonl");
        assertThat(viewer(base, "rows", null, "config", "nosuch").status()).isEqualTo(404);
        assertThat(viewer(base, "rows", null, "split", "nosuch").status()).isEqualTo(404);
        assertThat(viewer(base, "splits", null, "ref", "no-such-branch").status()).isEqualTo(404);
        assertThat(api.json("POST", "/api/v1/models", owner, "{\"name\":\"a-model\"}").status()).isEqualTo(201);
        Hub.Reply model = viewer("/api/v1/models/owner/a-model", "splits", owner);
        assertThat(model.status()).isEqualTo(404);
        assertThat(model.json().path("error").path("code").asText()).isEqualTo("viewer_not_available");
    }

    @Test
    void layoutWithoutCardAndPrivateRepos() throws Exception {
        String base = "/api/v1/datasets/owner/viewer-private";
        assertThat(api.json("POST", "/api/v1/datasets", owner,
                "{\"name\":\"viewer-private\",\"visibility\":\"private\"}").status()).isEqualTo(201);
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("train.jsonl", "{\"q\": \"a\", \"n\": 1}\n{\"q\": \"b\", \"n\": 2}\n".getBytes(StandardCharsets.UTF_8));
        files.put("validation.jsonl", "{\"q\": \"c\", \"n\": 3}\n".getBytes(StandardCharsets.UTF_8));
        files.put("notes.txt", "not data".getBytes(StandardCharsets.UTF_8));
        commit(base, files);

        JsonNode splits = ok(viewer(base, "splits", owner));
        assertThat(splits.path("source").asText()).isEqualTo("files");
        assertThat(splits.path("configs").get(0).path("config").asText()).isEqualTo("default");
        assertThat(splits.path("configs").get(0).path("splits").findValuesAsText("split"))
                .containsExactly("train", "validation");
        JsonNode rows = ok(viewer(base, "rows", owner, "split", "validation"));
        assertThat(rows.path("rows").get(0).path("row").path("q").asText()).isEqualTo("c");

        // a private dataset is invisible to others: 404, as everywhere
        assertThat(viewer(base, "splits", null).status()).isEqualTo(404);
        assertThat(viewer(base, "rows", outsider).status()).isEqualTo(404);
    }
}
