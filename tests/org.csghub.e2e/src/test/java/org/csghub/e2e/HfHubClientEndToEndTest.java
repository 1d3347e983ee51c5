package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HuggingFace-compatible API under {@code /hf} as the unmodified {@code @huggingface/hub} npm package uses it:
 * {@code src/test/node/hf-hub/hf-hub.mjs} creates a public model and a private dataset, uploads through preupload, the
 * LFS batch API and an NDJSON commit, lists, reads and downloads them back byte for byte, checks that another user and
 * an anonymous client see nothing of the private one, and deletes both. A second run uploads a model that the real
 * {@code git} and {@code git-lfs} then clone: the commit the HF API answered is the branch head, the files are there.
 *
 * <p>Needs Node.js (18 or later) and npm on the PATH, and fails without them; the package comes from the npm registry
 * through {@code npm ci} and the committed package-lock.json, once, into the node directory's node_modules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HfHubClientEndToEndTest {

    /** The Node project, relative to the module directory (surefire's working directory). */
    static final Path NODE_DIR = Path.of("src", "test", "node", "hf-hub").toAbsolutePath();
    static final Duration NODE_TIMEOUT = Duration.ofMinutes(10);

    /** The steps the full run must report, in the script's words. */
    static final List<String> FULL_RUN = List.of(
            "ok whoami",
            "ok model: createRepo",
            "ok model: createRepo again is a conflict",
            "ok model: uploadFiles",
            "ok model: another user cannot commit",
            "ok model: modelInfo sha",
            "ok model: listModels finds it",
            "ok model: listFiles",
            "ok model: fileDownloadInfo",
            "ok model: downloadFile",
            "ok model: downloadFile raw gives the LFS pointer",
            "ok model: downloadFile of a missing path is null",
            "ok model: anonymous reads a public repository",
            "ok model: another user cannot delete it",
            "ok model: deleteRepo",
            "ok model: gone after deleteRepo",
            "ok dataset (private): createRepo",
            "ok dataset (private): createRepo again is a conflict",
            "ok dataset (private): uploadFiles",
            "ok dataset (private): another user cannot commit",
            "ok dataset (private): datasetInfo sha",
            "ok dataset (private): listDatasets finds it",
            "ok dataset (private): listFiles",
            "ok dataset (private): fileDownloadInfo",
            "ok dataset (private): downloadFile",
            "ok dataset (private): downloadFile raw gives the LFS pointer",
            "ok dataset (private): downloadFile of a missing path is null",
            "ok dataset (private): hidden from other user",
            "ok dataset (private): hidden from anonymous",
            "ok dataset (private): deleteRepo",
            "ok dataset (private): gone after deleteRepo",
            "ok all");

    @TempDir
    static Path tmp;
    Hub hub;
    String aliceToken;
    String bobToken;
    Path home;

    record Run(int exit, String stdout, String stderr) {
        String both() {
            return "--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** Lite here; CE with PostgreSQL and S3 (LFS downloads redirected to presigned URLs) in the subclass. */
    Hub launch(Map<String, String> env) throws Exception {
        return Hub.lite(tmp.resolve("lite"), env).start();
    }

    @BeforeAll
    void start() throws Exception {
        installClient();
        hub = launch(new HashMap<>(AccessMatrixTest.env()));
        hub.awaitHealthy(Duration.ofSeconds(90));
        HubApi api = new HubApi(hub);
        aliceToken = api.token(api.user("alice"), "hf", "\"read\",\"write\",\"admin\"", null);
        bobToken = api.token(api.user("bob"), "hf", "\"read\",\"write\"", null);
        home = Files.createDirectories(tmp.resolve("home"));
        git(home, "config", "--global", "user.name", "E2E");
        git(home, "config", "--global", "user.email", "e2e@example.com");
        assertThat(git(home, "lfs", "install").exit()).isZero();
    }

    @AfterAll
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    /**
     * The token as the HF client is given it. {@code @huggingface/hub} refuses, before any request, an access token
     * that does not start with {@code hf_}; a hub token is handed to it with that prefix in front, which the hub
     * accepts as the same token.
     */
    static String hfToken(String secret) {
        return secret.startsWith("hf_") ? secret : "hf_" + secret;
    }

    @Test
    void huggingFaceJsRoundTrip() throws Exception {
        Run run = node(Map.of("HF_MODE", "full"));
        String report = run.both() + "\n--- hub log\n" + hub.logTail();
        assertThat(run.exit()).as(report).isZero();
        assertThat(run.stdout().lines().toList()).as(report).containsAll(FULL_RUN);
    }

    @Test
    void uploadedThroughTheHfApiClonedWithGit() throws Exception {
        Run run = node(Map.of("HF_MODE", "upload-only"));
        assertThat(run.exit()).as(run.both() + "\n--- hub log\n" + hub.logTail()).isZero();
        String repo = line(run, "repo (\\S+)").group(1);
        String commit = line(run, "commit ([0-9a-f]{40})").group(1);
        Matcher lfs = line(run, "lfs (\\S+) ([0-9a-f]{64}) (\\d+)");
        assertThat(repo).startsWith("alice/");

        Path clone = tmp.resolve("clone-" + repo.replace('/', '-'));
        String url = hub.baseUrl().replace("http://", "http://alice:" + aliceToken + "@") + "/models/" + repo + ".git";
        ok(tmp, "clone", url, clone.toString());
        assertThat(ok(clone, "log", "-1", "--format=%H").output().trim()).isEqualTo(commit);
        assertThat(ok(clone, "log", "-1", "--format=%s").output().trim()).isEqualTo("Upload from huggingface.js");
        assertThat(Files.readString(clone.resolve("README.md"))).startsWith("---\nlicense: mit\n");
        assertThat(Files.readString(clone.resolve("hello.txt"))).isEqualTo("hello from huggingface.js\n");
        // the LFS file: a pointer in git (the commit endpoint tracked it in .gitattributes), its bytes via git-lfs
        Path weights = clone.resolve(lfs.group(1));
        assertThat(ok(clone, "show", "HEAD:" + lfs.group(1)).output())
                .startsWith("version https://git-lfs.github.com/spec/v1\n")
                .contains("oid sha256:" + lfs.group(2) + "\n");
        assertThat(Files.size(weights)).isEqualTo(Long.parseLong(lfs.group(3)));
        assertThat(GitLfsEndToEndTest.sha256(weights)).isEqualTo(lfs.group(2));
    }

    private static Matcher line(Run run, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return run.stdout().lines().map(pattern::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("No line matching " + regex + "\n" + run.both()));
    }

    /** Runs hf-hub.mjs against this hub as alice, with bob as the other user; every HTTP exchange traced to stderr. */
    private Run node(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        env.put("HF_ENDPOINT", hub.baseUrl() + "/hf");
        env.put("HF_USER", "alice");
        env.put("HF_TOKEN", hfToken(aliceToken));
        env.put("HF_OTHER_TOKEN", hfToken(bobToken));
        env.put("HF_TRACE", "1");
        String name = "node-" + extra.getOrDefault("HF_MODE", "run") + "-" + System.nanoTime();
        return run(List.of("node", "hf-hub.mjs"), env, name, NODE_TIMEOUT);
    }

    /** {@code npm ci} when node_modules is missing or holds another version of the package than package.json pins. */
    static synchronized void installClient() throws Exception {
        Run version;
        try {
            version = run(List.of("node", "--version"), Map.of(), "node-version", Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new AssertionError("Node.js is not on the PATH: HfHubClientEndToEndTest needs node (18 or later) "
                    + "and npm to run the @huggingface/hub client (.ci/run installs them)", e);
        }
        Matcher major = Pattern.compile("v(\\d+)\\.").matcher(version.stdout());
        assertThat(major.find() && Integer.parseInt(major.group(1)) >= 18)
                .as("node 18 or later is needed, found " + version.stdout().trim()).isTrue();

        assertThat(NODE_DIR.resolve("package.json")).as("the Node project (run from the module directory)")
                .isRegularFile();
        ObjectMapper json = new ObjectMapper();
        String pinned = json.readTree(NODE_DIR.resolve("package.json").toFile())
                .path("dependencies").path("@huggingface/hub").asText();
        Path installed = NODE_DIR.resolve("node_modules/@huggingface/hub/package.json");
        if (Files.isRegularFile(installed) && json.readTree(installed.toFile()).path("version").asText().equals(pinned)) {
            return;
        }
        Run ci;
        try {
            ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of("npm_config_update_notifier", "false"),
                    "npm-ci", Duration.ofMinutes(5));
        } catch (IOException e) {
            throw new AssertionError("npm is not on the PATH: HfHubClientEndToEndTest installs @huggingface/hub with "
                    + "npm ci (.ci/run installs node and npm)", e);
        }
        assertThat(ci.exit()).as("npm ci in " + NODE_DIR + "\n" + ci.both()).isZero();
        assertThat(installed).as("npm ci left no @huggingface/hub").isRegularFile();
    }

    /** Runs a command in the node directory, its output in files under the test's temporary directory. */
    private static Run run(List<String> command, Map<String, String> env, String name, Duration timeout)
            throws IOException, InterruptedException {
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(NODE_DIR.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "\n"
                    + new Run(-1, Files.readString(out), Files.readString(err)).both());
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private GitLfsEndToEndTest.Run git(Path dir, String... args) throws IOException, InterruptedException {
        return GitLfsEndToEndTest.git(home, dir, args);
    }

    private GitLfsEndToEndTest.Run ok(Path dir, String... args) throws Exception {
        GitLfsEndToEndTest.Run run = git(dir, args);
        assertThat(run.exit()).as("git " + String.join(" ", args) + "\n" + run.output()).isZero();
        return run;
    }
}
