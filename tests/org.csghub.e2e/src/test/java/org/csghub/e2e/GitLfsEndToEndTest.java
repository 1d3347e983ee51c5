package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git smart HTTP and Git LFS on a running Lite server, driven by the real {@code git} and {@code git-lfs}
 * binaries: clone, push with LFS files (one over 100 MB), clone back byte-identical, locks, refusals (private
 * repository, a push without write access, a large file outside LFS) and two concurrent pushes to one branch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitLfsEndToEndTest {

    /** Small, so the size rule is tested without writing tens of megabytes outside LFS. */
    static final long MAX_FILE = 1024 * 1024;

    @TempDir
    static Path tmp;
    Hub hub;
    HubApi api;
    String ownerSession;
    String ownerToken;
    String outsiderToken;
    Path home;

    record Run(int exit, String output) {
    }

    /** The server's data directory. */
    Path dataDir() {
        return tmp.resolve("lite");
    }

    /** Lite with the filesystem store here; CE with PostgreSQL and S3 in {@link GitLfsCeEndToEndTest}. */
    Hub launch(Map<String, String> env) throws Exception {
        return Hub.lite(tmp.resolve("lite"), env).start();
    }

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new HashMap<>(AccessMatrixTest.env());
        env.put("CSGHUB_GIT_MAX_FILE_BYTES", Long.toString(MAX_FILE));
        hub = launch(env);
        hub.awaitHealthy(Duration.ofSeconds(90));
        api = new HubApi(hub);
        ownerSession = api.user("owner");
        ownerToken = api.token(ownerSession, "git", "\"write\"", null);
        outsiderToken = api.token(api.user("outsider"), "git", "\"write\"", null);
        home = Files.createDirectories(tmp.resolve("home"));
        git(home, "config", "--global", "user.name", "E2E");
        git(home, "config", "--global", "user.email", "e2e@example.com");
        git(home, "config", "--global", "init.defaultBranch", "main");
        assertThat(git(home, "lfs", "install").exit()).isZero();
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
    }

    private JsonNode createModel(String name, String visibility) throws Exception {
        Hub.Reply created = api.json("POST", "/api/v1/models", ownerSession,
                "{\"name\":\"" + name + "\",\"visibility\":\"" + visibility + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private String url(String user, String token, String repo) {
        String auth = token == null ? "" : user + ":" + token + "@";
        return hub.baseUrl().replace("http://", "http://" + auth) + "/models/" + repo + ".git";
    }

    private Run git(Path dir, String... args) throws IOException, InterruptedException {
        return git(home, dir, args);
    }

    /** Runs the real git in {@code dir} with {@code home} as HOME (its config), never prompting for credentials. */
    static Run git(Path home, Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_ASKPASS", "/bin/true");
        env.remove("GIT_DIR");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    private Run ok(Path dir, String... args) throws Exception {
        Run run = git(dir, args);
        assertThat(run.exit()).as("git " + String.join(" ", args) + "\n" + run.output()).isZero();
        return run;
    }

    /** Pseudo-random content, fast: 1 MiB blocks from a seeded generator. */
    static Hub.Reply fetch(String url, String... headers) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        var r = java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Hub.Reply(r.statusCode(), r.headers().map(), r.body());
    }

    static void generate(Path file, long bytes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; ) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        block[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                left -= n;
            }
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        try (var in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void pushWithLfsAndCloneBackIdentical() throws Exception {
        JsonNode repo = createModel("weights", "public");
        Path work = tmp.resolve("weights-work");
        ok(tmp, "clone", url("owner", ownerToken, "owner/weights"), work.toString());
        ok(work, "lfs", "track", "*.bin");
        Files.writeString(work.resolve("README.md"),
                "---\nlicense: apache-2.0\npipeline_tag: text-generation\nbase_model: owner/base\n---\n# Weights\n");
        Files.writeString(work.resolve("notes.txt"), "small text file\n");
        generate(work.resolve("big.bin"), 110L * 1024 * 1024 + 17, 1);
        generate(work.resolve("small.bin"), 4096, 2);
        ok(work, "add", ".");
        ok(work, "commit", "-q", "-m", "weights");
        Run push = ok(work, "push", "origin", "main");
        assertThat(push.output()).contains("main -> main");

        Path back = tmp.resolve("weights-back");
        ok(tmp, "clone", url("owner", ownerToken, "owner/weights"), back.toString());
        for (String f : List.of("README.md", "notes.txt", "big.bin", "small.bin", ".gitattributes")) {
            assertThat(sha256(back.resolve(f))).as(f).isEqualTo(sha256(work.resolve(f)));
        }
        assertThat(ok(back, "show", "HEAD:big.bin").output()).startsWith("version https://git-lfs.github.com/spec/v1");
        // an anonymous clone of a public repository works too, LFS included
        Path anonymous = tmp.resolve("weights-anon");
        ok(tmp, "clone", url(null, null, "owner/weights"), anonymous.toString());
        assertThat(sha256(anonymous.resolve("small.bin"))).isEqualTo(sha256(work.resolve("small.bin")));

        // git speaks protocol v2 with the hub when asked: the clone keeps the pack the hub sent (with v0 git
        // explodes a pack of fewer than transfer.unpackLimit objects into loose objects)
        Path bare = tmp.resolve("weights-bare.git");
        Run v2 = git(tmp, "-c", "protocol.version=2", "-c", "transfer.unpackLimit=100", "clone", "--bare",
                url("owner", ownerToken, "owner/weights"), bare.toString());
        assertThat(v2.exit()).as(v2.output()).isZero();
        assertThat(ok(tmp, "-C", bare.toString(), "count-objects", "-v").output()).contains("count: 0")
                .containsPattern("in-pack: [1-9]");

        // the registry heard about the push
        JsonNode after = api.get("/api/v1/models/owner/weights", ownerSession).json();
        String head = ok(work, "rev-parse", "HEAD").output().trim();
        assertThat(after.path("headCommit").asText()).isEqualTo(head);
        assertThat(after.path("sizeBytes").asLong()).isGreaterThan(110L * 1024 * 1024);
        assertThat(after.path("downloads").asLong()).isGreaterThanOrEqualTo(2);
        // ... and read the card: metadata, facets and the model tree
        assertThat(after.path("metadata").path("license").asText()).isEqualTo("apache-2.0");
        assertThat(api.get("/api/v1/models?task=text-generation&namespace=owner", ownerSession).body()).contains("owner/weights");
        JsonNode relations = api.get("/api/v1/models/owner/weights/relations", ownerSession).json();
        assertThat(relations.path("baseModels").get(0).path("path").asText()).isEqualTo("owner/base");
        assertThat(relations.path("baseModels").get(0).path("exists").asBoolean()).isFalse();
        assertThat(repo.path("id").asLong()).isPositive();
    }

    @Test
    void locks() throws Exception {
        createModel("locked", "public");
        Path work = tmp.resolve("locked-work");
        ok(tmp, "clone", url("owner", ownerToken, "owner/locked"), work.toString());
        ok(work, "lfs", "track", "*.bin");
        generate(work.resolve("a.bin"), 1000, 3);
        ok(work, "add", ".");
        ok(work, "commit", "-q", "-m", "a");
        ok(work, "push", "origin", "main");

        ok(work, "lfs", "lock", "a.bin");
        assertThat(ok(work, "lfs", "locks").output()).contains("a.bin").contains("owner");
        Run again = git(work, "lfs", "lock", "a.bin");
        assertThat(again.exit()).isNotZero();
        // someone without write access may not lock, nor break the owner's lock
        String lfs = hub.baseUrl() + "/models/owner/locked.git/info/lfs/locks";
        Hub.Reply outsiderLock = hub.send("POST", "/models/owner/locked.git/info/lfs/locks",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"path\":\"a.bin\"}"),
                "Authorization", "Bearer " + outsiderToken, "Content-Type", "application/vnd.git-lfs+json");
        assertThat(outsiderLock.status()).as(lfs).isEqualTo(403);
        assertThat(outsiderLock.header("Content-Type")).startsWith("application/vnd.git-lfs+json");
        ok(work, "lfs", "unlock", "a.bin");
        assertThat(ok(work, "lfs", "locks").output()).doesNotContain("a.bin");
    }

    @Test
    void refusals() throws Exception {
        createModel("secret", "private");
        Path anon = tmp.resolve("secret-anon");
        Run anonymous = git(tmp, "clone", url(null, null, "owner/secret"), anon.toString());
        assertThat(anonymous.exit()).isNotZero();
        assertThat(anonymous.output()).containsIgnoringCase("Authentication failed");

        Run outsider = git(tmp, "clone", url("outsider", outsiderToken, "owner/secret"), anon.toString());
        assertThat(outsider.exit()).isNotZero();
        assertThat(outsider.output()).containsIgnoringCase("not found");

        // the owner can; an outsider may read the public repository but not push to it
        createModel("open", "public");
        Path work = tmp.resolve("open-work");
        ok(tmp, "clone", url("owner", ownerToken, "owner/open"), work.toString());
        Files.writeString(work.resolve("x.txt"), "x\n");
        ok(work, "add", ".");
        ok(work, "commit", "-q", "-m", "x");
        ok(work, "push", "origin", "main");
        Run denied = git(work, "push", url("outsider", outsiderToken, "owner/open"), "main:other");
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.output()).contains("403");
        Run anonymousPush = git(work, "push", url(null, null, "owner/open"), "main:other");
        assertThat(anonymousPush.exit()).isNotZero();
        assertThat(anonymousPush.output()).containsIgnoringCase("Authentication failed");

        // a large file outside LFS: refused, naming the file and the fix
        generate(work.resolve("model.safetensors"), 2 * MAX_FILE, 4);
        ok(work, "add", ".");
        ok(work, "commit", "-q", "-m", "too big");
        Run big = git(work, "push", "origin", "main");
        assertThat(big.exit()).isNotZero();
        assertThat(big.output()).contains("remote:").contains("model.safetensors")
                .contains("git lfs track \"*.safetensors\"").contains("[remote rejected]");
        // refs other than branches and tags
        ok(work, "reset", "-q", "--hard", "HEAD~1");
        Run odd = git(work, "push", "origin", "HEAD:refs/pull/1/head");
        assertThat(odd.exit()).isNotZero();
        assertThat(odd.output()).contains("[remote rejected]");
    }

    @Test
    void concurrentPushesToOneBranch() throws Exception {
        JsonNode repo = createModel("race", "public");
        Path seed = tmp.resolve("race-seed");
        ok(tmp, "clone", url("owner", ownerToken, "owner/race"), seed.toString());
        Files.writeString(seed.resolve("base.txt"), "base\n");
        ok(seed, "add", ".");
        ok(seed, "commit", "-q", "-m", "base");
        ok(seed, "push", "origin", "main");
        for (int round = 0; round < 3; round++) {
            Path a = tmp.resolve("race-a" + round);
            Path b = tmp.resolve("race-b" + round);
            ok(tmp, "clone", "-q", url("owner", ownerToken, "owner/race"), a.toString());
            ok(tmp, "clone", "-q", url("owner", ownerToken, "owner/race"), b.toString());
            for (Path w : List.of(a, b)) {
                generate(w.resolve(w.getFileName() + ".dat"), 200_000, round);
                ok(w, "add", ".");
                ok(w, "commit", "-q", "-m", w.getFileName().toString());
            }
            CompletableFuture<Run> pa = CompletableFuture.supplyAsync(() -> quietly(a, "push", "origin", "main"));
            CompletableFuture<Run> pb = CompletableFuture.supplyAsync(() -> quietly(b, "push", "origin", "main"));
            Run ra = pa.get();
            Run rb = pb.get();
            assertThat(List.of(ra.exit(), rb.exit())).as(ra.output() + "\n---\n" + rb.output()).containsOnlyOnce(0);
            Run loser = ra.exit() == 0 ? rb : ra;
            assertThat(loser.output()).containsAnyOf("rejected", "failed to lock", "fetch first");
        }
        long id = repo.path("id").asLong();
        Path bare = dataDir().resolve("git").resolve(String.format("%02x", id % 256)).resolve(id + ".git");
        assertThat(bare).isDirectory();
        Run fsck = ok(tmp, "--git-dir=" + bare, "fsck", "--full", "--strict");
        assertThat(fsck.output()).doesNotContain("error").doesNotContain("missing");
    }

    @Test
    void lfsApiAsHuggingFaceClientsUseIt() throws Exception {
        createModel("hfstyle", "public");
        String lfs = "/models/owner/hfstyle.git/info/lfs/objects/batch";
        byte[] content = "hello lfs, as huggingface.js uploads it\n".getBytes(StandardCharsets.UTF_8);
        String oid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        String batch = "{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\",\"xet\"],"
                + "\"hash_algo\":\"sha_256\",\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + content.length + "}]}";
        String[] lfsJson = {"Content-Type", "application/vnd.git-lfs+json", "Accept", "application/vnd.git-lfs+json"};

        Hub.Reply anonymous = hub.send("POST", lfs, BodyPublishers.ofString(batch), lfsJson);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("LFS-Authenticate")).startsWith("Basic realm=");
        assertThat(anonymous.header("Content-Type")).startsWith("application/vnd.git-lfs+json");
        assertThat(anonymous.json().path("message").asText()).isNotEmpty();

        Hub.Reply read = hub.send("POST", lfs, BodyPublishers.ofString(batch), "Authorization", "Bearer " + outsiderToken,
                lfsJson[0], lfsJson[1]);
        assertThat(read.status()).as("read-only upload").isEqualTo(403);

        Hub.Reply answer = hub.send("POST", lfs, BodyPublishers.ofString(batch), "Authorization", "Bearer " + ownerToken,
                lfsJson[0], lfsJson[1]);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode object = answer.json().path("objects").get(0);
        assertThat(answer.json().path("hash_algo").asText()).isEqualTo("sha256");
        assertThat(object.path("actions").path("upload").path("expires_in").asInt()).isPositive();
        String href = object.path("actions").path("upload").path("href").asText();
        String path = href.substring(hub.baseUrl().length());

        // a PUT without any header (what the HF clients send): the href's token is the credential
        byte[] wrong = content.clone();
        wrong[0] ^= 1;
        assertThat(hub.send("PUT", path, BodyPublishers.ofByteArray(wrong)).status()).isIn(400, 422);
        Hub.Reply again = hub.send("POST", lfs, BodyPublishers.ofString(batch), "Authorization", "Bearer " + ownerToken,
                lfsJson[0], lfsJson[1]);
        assertThat(again.json().path("objects").get(0).has("actions")).as("nothing kept").isTrue();
        assertThat(hub.send("PUT", path + "x", BodyPublishers.ofByteArray(content)).status()).isEqualTo(401);
        assertThat(hub.send("PUT", path, BodyPublishers.ofByteArray(content)).status()).isEqualTo(200);
        Hub.Reply done = hub.send("POST", lfs, BodyPublishers.ofString(batch), "Authorization", "Bearer " + ownerToken,
                lfsJson[0], lfsJson[1]);
        assertThat(done.json().path("objects").get(0).has("actions")).as("stored: no actions").isFalse();
        String verify = object.path("actions").path("verify").path("href").asText().substring(hub.baseUrl().length());
        assertThat(hub.send("POST", verify, BodyPublishers.ofString("{\"oid\":\"" + oid + "\",\"size\":"
                + content.length + "}"), lfsJson).status()).isEqualTo(200);

        String download = batch.replace("\"upload\"", "\"download\"");
        Hub.Reply down = hub.send("POST", lfs, BodyPublishers.ofString(download), lfsJson);
        // our own URL on the filesystem store, a presigned one on S3: fetched as the clients do, by absolute URL
        String get = down.json().path("objects").get(0).path("actions").path("download").path("href").asText();
        Hub.Reply whole = fetch(get);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(new String(content, StandardCharsets.UTF_8));
        Hub.Reply part = fetch(get, "Range", "bytes=6-");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 6-" + (content.length - 1) + "/" + content.length);
        assertThat(part.body()).isEqualTo(new String(content, 6, content.length - 6, StandardCharsets.UTF_8));
        assertThat(fetch(get, "Range", "bytes=" + content.length + "-").status()).isEqualTo(416);

        Hub.Reply unknown = hub.send("POST", "/models/owner/nope.git/info/lfs/objects/batch",
                BodyPublishers.ofString(download), lfsJson);
        assertThat(unknown.status()).isEqualTo(404);
    }

    private Run quietly(Path dir, String... args) {
        try {
            return git(dir, args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
