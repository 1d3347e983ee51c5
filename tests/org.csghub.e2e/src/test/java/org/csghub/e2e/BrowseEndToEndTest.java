package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browsing and editing API over HTTP, for every repository type: commits through the API (with a large file
 * routed to LFS), branches and tags, history by path, commit diffs, paged trees, file metadata, raw bytes with
 * ranges, single-file and multipart uploads, archives with their size limit, bad paths and stale parents refused, and private
 * repositories invisible to others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowseEndToEndTest {

    @TempDir
    static Path tmp;
    Hub hub;
    HubApi api;
    String owner;
    String outsider;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new HashMap<>(AccessMatrixTest.env());
        env.put("CSGHUB_GIT_MAX_FILE_BYTES", Integer.toString(64 * 1024));
        env.put("CSGHUB_GIT_MAX_ARCHIVE_BYTES", Integer.toString(1024 * 1024));
        hub = Hub.lite(tmp.resolve("lite"), env).start();
        hub.awaitHealthy(Duration.ofSeconds(60));
        api = new HubApi(hub);
        owner = api.user("owner");
        outsider = api.user("outsider");
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void everyTypeBrowsesAndEdits() throws Exception {
        for (String segment : RepoRegistryEndToEndTest.SEGMENTS) {
            browse(segment);
        }
    }

    private void browse(String segment) throws Exception {
        String base = "/api/v1/" + segment + "/owner/browse";
        assertThat(api.json("POST", "/api/v1/" + segment, owner, "{\"name\":\"browse\"}").status()).isEqualTo(201);
        assertThat(api.get(base + "/tree", owner).json().path("entries")).isEmpty();

        byte[] big = new byte[100 * 1024];
        new java.util.Random(7).nextBytes(big);
        Hub.Reply first = commit(base, "{\"message\":\"first\",\"operations\":["
                + "{\"op\":\"create\",\"path\":\"README.md\",\"contentText\":\"# " + segment + "\\n\"},"
                + "{\"op\":\"create\",\"path\":\"src/a.txt\",\"contentText\":\"alpha\\n\"},"
                + "{\"op\":\"create\",\"path\":\"src/b.txt\",\"contentText\":\"beta\\n\"},"
                + "{\"op\":\"create\",\"path\":\"data/big.bin\",\"content\":\"" + Base64.getEncoder().encodeToString(big) + "\"}]}");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String c1 = first.json().path("id").asText();
        Hub.Reply second = commit(base, "{\"message\":\"second\",\"parentCommit\":\"" + c1 + "\",\"operations\":["
                + "{\"op\":\"update\",\"path\":\"src/a.txt\",\"contentText\":\"alpha 2\\n\"},"
                + "{\"op\":\"move\",\"from\":\"src/b.txt\",\"path\":\"docs/b.txt\"}]}");
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        String c2 = second.json().path("id").asText();
        assertThat(second.json().path("parents").get(0).asText()).isEqualTo(c1);

        // a commit against a parent that is no longer the head is refused, and changes nothing
        Hub.Reply stale = commit(base, "{\"parentCommit\":\"" + c1 + "\",\"operations\":[{\"op\":\"delete\",\"path\":\"README.md\"}]}");
        assertThat(stale.status()).isEqualTo(409);
        for (String bad : List.of("../escape", "/abs", "a//b", ".git/config", "src/./x", "nul\\u0000l", "dir/")) {
            Hub.Reply r = commit(base, "{\"operations\":[{\"op\":\"create\",\"path\":\"" + bad + "\",\"contentText\":\"x\"}]}");
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(422);
            assertThat(r.json().path("error").path("code").asText()).isEqualTo("invalid_path");
        }
        assertThat(commit(base, "{\"branch\":\"a..b\",\"operations\":[{\"op\":\"create\",\"path\":\"x\",\"contentText\":\"x\"}]}")
                .status()).isEqualTo(422);
        assertThat(commit(base, "{\"operations\":[{\"op\":\"update\",\"path\":\"missing.txt\",\"contentText\":\"x\"}]}")
                .status()).isEqualTo(404);
        assertThat(api.json("POST", base + "/commits", outsider,
                "{\"operations\":[{\"op\":\"create\",\"path\":\"x\",\"contentText\":\"x\"}]}").status()).isEqualTo(403);
        assertThat(api.get(base + "/branches", owner).json().get(0).path("commit").asText()).as("head unchanged").isEqualTo(c2);

        // a branch with a slash in its name
        assertThat(commit(base, "{\"branch\":\"feature/x\",\"message\":\"on a branch\",\"operations\":["
                + "{\"op\":\"create\",\"path\":\"feature.txt\",\"contentText\":\"f\"}]}").status()).isEqualTo(201);
        List<String> branches = new ArrayList<>();
        api.get(base + "/branches", null).json().forEach(b -> branches.add(b.path("name").asText()));
        assertThat(branches).containsExactly("feature/x", "main");
        assertThat(api.get(base + "/raw/feature.txt?ref=feature/x", null).body()).isEqualTo("f");
        assertThat(api.get(base + "/raw/feature.txt", null).status()).as("not on main").isEqualTo(404);

        // history, also of one path
        JsonNode log = api.get(base + "/commits", null).json();
        assertThat(log.path("items")).hasSize(2);
        assertThat(log.path("items").get(0).path("id").asText()).isEqualTo(c2);
        assertThat(api.get(base + "/commits?path=README.md", null).json().path("items")).hasSize(1);
        assertThat(api.get(base + "/commits?per_page=1&page=2", null).json().path("items").get(0).path("id").asText())
                .isEqualTo(c1);

        // commit detail with diffs
        JsonNode detail = api.get(base + "/commits/" + c2, null).json();
        List<String> changes = new ArrayList<>();
        detail.path("files").forEach(f -> changes.add(f.path("change").asText() + ":" + f.path("newPath").asText()));
        assertThat(changes).containsExactlyInAnyOrder("modify:src/a.txt", "rename:docs/b.txt");
        assertThat(detail.path("files").toString()).contains("+alpha 2");

        // trees: paged, recursive, with LFS sizes
        JsonNode root = api.get(base + "/tree", null).json();
        List<String> top = new ArrayList<>();
        root.path("entries").forEach(e -> top.add(e.path("path").asText() + ":" + e.path("type").asText()));
        assertThat(top).containsExactly("README.md:file", "data:dir", "docs:dir", "src:dir");
        JsonNode page1 = api.get(base + "/tree?recursive=true&limit=2", null).json();
        assertThat(page1.path("entries")).hasSize(2);
        JsonNode page2 = api.get(base + "/tree?recursive=true&limit=10&cursor=" + page1.path("next").asText(), null).json();
        assertThat(page2.path("entries")).hasSize(2);
        assertThat(page2.path("next").isNull()).isTrue();
        JsonNode bigEntry = api.get(base + "/tree?path=data", null).json().path("entries").get(0);
        assertThat(bigEntry.path("size").asLong()).isEqualTo(big.length);
        assertThat(bigEntry.path("lfs").path("oid").asText()).hasSize(64);
        assertThat(api.get(base + "/tree?path=nowhere", null).status()).isEqualTo(404);

        // file metadata and raw bytes, LFS content included, with ranges
        JsonNode blob = api.get(base + "/blob/src/a.txt", null).json();
        assertThat(blob.path("content").asText()).isEqualTo("alpha 2\n");
        assertThat(blob.path("binary").asBoolean()).isFalse();
        assertThat(api.get(base + "/blob/data/big.bin", null).json().path("lfs").path("size").asLong()).isEqualTo(big.length);
        Hub.Reply raw = hub.send("GET", base + "/raw/data/big.bin", BodyPublishers.noBody());
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.header("Content-Length")).isEqualTo(Integer.toString(big.length));
        Hub.Reply range = hub.get(base + "/raw/src/a.txt", "Range", "bytes=2-4");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.body()).isEqualTo("pha");
        assertThat(range.header("Content-Range")).isEqualTo("bytes 2-4/8");
        assertThat(hub.get(base + "/raw/src/a.txt", "Range", "bytes=100-").status()).isEqualTo(416);
        assertThat(api.get(base + "/raw/src/a.txt?ref=" + c1, null).body()).as("old revision").isEqualTo("alpha\n");
        assertThat(api.get(base + "/raw/src?ref=main", null).status()).isEqualTo(404);

        // one file uploaded as a commit, streamed
        Hub.Reply up = hub.send("PUT", base + "/files/uploads/note.txt?message=upload", BodyPublishers.ofString("uploaded"),
                "Authorization", "Bearer " + owner, "Content-Type", "application/octet-stream");
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        assertThat(api.get(base + "/raw/uploads/note.txt", null).body()).isEqualTo("uploaded");

        // an archive holds the files with LFS content, and is refused above the limit
        var zip = hub.http().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.baseUrl() + base + "/archive/main.zip")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, Integer> sizes = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                sizes.put(e.getName().substring(e.getName().indexOf('/') + 1), in.readAllBytes().length);
            }
        }
        assertThat(sizes).containsEntry("data/big.bin", big.length).containsEntry("src/a.txt", 8).hasSize(5);
        assertThat(hub.get(base + "/archive/main.tar.gz").status()).isEqualTo(200);

        // private: invisible to others, readable by the owner
        assertThat(api.json("PATCH", base, owner, "{\"visibility\":\"private\"}").status()).isEqualTo(200);
        assertThat(api.get(base + "/tree", null).status()).isEqualTo(404);
        assertThat(api.get(base + "/raw/README.md", outsider).status()).isEqualTo(404);
        assertThat(api.get(base + "/raw/README.md", owner).body()).isEqualTo("# " + segment + "\n");
        assertThat(api.get("/api/v1/" + segment + "/owner/nothing/tree", owner).status()).isEqualTo(404);
    }

    @Test
    void archivesAboveTheLimitAreRefused() throws Exception {
        String base = "/api/v1/datasets/owner/huge";
        assertThat(api.json("POST", "/api/v1/datasets", owner, "{\"name\":\"huge\"}").status()).isEqualTo(201);
        byte[] chunk = new byte[600 * 1024];
        String b64 = Base64.getEncoder().encodeToString(chunk);
        assertThat(commit(base, "{\"operations\":[{\"op\":\"create\",\"path\":\"a.bin\",\"content\":\"" + b64
                + "\"},{\"op\":\"create\",\"path\":\"b.bin\",\"content\":\"" + b64 + "\"}]}").status()).isEqualTo(201);
        Hub.Reply refused = hub.get(base + "/archive/main.zip");
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.json().path("error").path("message").asText()).contains("clone");
    }

    @Test
    void multipartUploadsRawHeadersAndTarballs() throws Exception {
        String base = "/api/v1/models/owner/uploads";
        assertThat(api.json("POST", "/api/v1/models", owner, "{\"name\":\"uploads\"}").status()).isEqualTo(201);
        // several files into one directory in one commit; the large one goes to LFS (limit: 64 KiB here)
        byte[] big = new byte[200 * 1024];
        new java.util.Random(3).nextBytes(big);
        String boundary = "----e2e-boundary-7";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        part(body, boundary, "form-data; name=\"message\"", "two files".getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "form-data; name=\"files\"; filename=\"config.json\"", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "form-data; name=\"files\"; filename=\"model.safetensors\"", big);
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Hub.Reply up = hub.send("POST", base + "/upload?path=weights", BodyPublishers.ofByteArray(body.toByteArray()),
                "Authorization", "Bearer " + owner, "Content-Type", "multipart/form-data; boundary=" + boundary);
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        assertThat(up.json().path("message").asText()).isEqualTo("two files\n");
        String head = up.json().path("id").asText();
        JsonNode weights = api.get(base + "/tree?path=weights", null).json().path("entries");
        assertThat(weights).hasSize(2);
        assertThat(weights.get(1).path("path").asText()).isEqualTo("weights/model.safetensors");
        assertThat(weights.get(1).path("lfs").path("size").asLong()).isEqualTo(big.length);
        assertThat(weights.get(0).path("lfs").isNull()).isTrue();
        // the same upload by someone without write access
        assertThat(hub.send("POST", base + "/upload", BodyPublishers.ofByteArray(body.toByteArray()),
                "Authorization", "Bearer " + outsider, "Content-Type", "multipart/form-data; boundary=" + boundary)
                .status()).isEqualTo(403);

        // raw: validators and ranges of an LFS file
        Hub.Reply raw = hub.get(base + "/raw/weights/config.json");
        assertThat(raw.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(raw.header("X-Repo-Commit")).isEqualTo(head);
        String etag = raw.header("ETag");
        assertThat(hub.get(base + "/raw/weights/config.json", "If-None-Match", etag).status()).isEqualTo(304);
        var tail = hub.http().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.baseUrl() + base
                + "/raw/weights/model.safetensors")).header("Range", "bytes=-10").build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(big, big.length - 10, big.length));

        // snake_case parent_commit works as well; the commit detail says what changed
        Hub.Reply edit = api.json("POST", base + "/commits", owner, "{\"message\":\"edit\",\"parent_commit\":\""
                + head + "\",\"operations\":[{\"op\":\"update\",\"path\":\"weights/config.json\",\"content_text\":\"{}\"}]}");
        assertThat(edit.status()).as(edit.body()).isEqualTo(201);
        JsonNode detail = api.get(base + "/commits/" + edit.json().path("id").asText(), null).json();
        assertThat(detail.path("truncated").asBoolean()).isFalse();
        assertThat(detail.path("files").get(0).path("patch").asText()).contains("-{\"a\":1}").contains("+{}");

        // tar.gz carries the LFS content
        var tgz = hub.http().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.baseUrl() + base
                + "/archive/main.tar.gz")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tgz.statusCode()).isEqualTo(200);
        Map<String, Integer> sizes = new HashMap<>();
        try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(tgz.body()))) {
            for (byte[] h = in.readNBytes(512); h.length == 512 && h[0] != 0; h = in.readNBytes(512)) {
                String name = new String(h, 0, 100, StandardCharsets.UTF_8).replace("\0", "");
                int size = Integer.parseInt(new String(h, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
                in.readNBytes(size + (512 - size % 512) % 512);
                sizes.put(name.substring(name.indexOf('/') + 1), size);
            }
        }
        assertThat(sizes).containsEntry("weights/model.safetensors", big.length).containsEntry("weights/config.json", 2);
    }

    private static void part(java.io.ByteArrayOutputStream body, String boundary, String disposition, byte[] content)
            throws java.io.IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private Hub.Reply commit(String base, String body) throws Exception {
        return api.json("POST", base + "/commits", owner, body);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
