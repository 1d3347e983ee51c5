package org.csghub.runtime.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.csghub.compute.api.LaunchSpec.ModelSource;

/**
 * Fetches a model's files at a revision through the hub's HF-compatible API, like {@code huggingface_hub} does:
 * the revision's file list, then each file from {@code resolve} (which may redirect to blob storage).
 */
final class ModelFetcher {

    static final String REASON = "ModelDownloadFailed";
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** @param http follows redirects: resolve answers LFS files with one to the object store */
    ModelFetcher(HttpClient http) {
        this.http = http;
    }

    /** Files already present with the size the hub reports are kept, so a restart does not download again. */
    void fetch(ModelSource model, Path dir) throws WorkloadFailure, InterruptedException {
        String base = strip(model.hubUrl()) + "/hf";
        List<String> files = files(model, base);
        try {
            Files.createDirectories(dir);
            for (String file : files) {
                download(model, base + "/" + model.repo() + "/resolve/" + encode(model.revision()) + "/"
                        + encodePath(file), dir.resolve(file).normalize(), dir);
            }
        } catch (IOException e) {
            throw new WorkloadFailure(REASON, "Could not write the model to " + dir + ": " + e);
        }
    }

    private List<String> files(ModelSource model, String base) throws WorkloadFailure, InterruptedException {
        String url = base + "/api/models/" + model.repo() + "/revision/" + encode(model.revision());
        try {
            HttpResponse<byte[]> response = http.send(request(model, url), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new WorkloadFailure(REASON, "GET " + url + " answered HTTP " + response.statusCode());
            }
            List<String> files = new ArrayList<>();
            for (JsonNode s : json.readTree(response.body()).path("siblings")) {
                files.add(s.path("rfilename").asText());
            }
            files.removeIf(String::isBlank);
            return files;
        } catch (IOException e) {
            throw new WorkloadFailure(REASON, "GET " + url + " failed: " + e);
        }
    }

    private void download(ModelSource model, String url, Path target, Path dir)
            throws IOException, WorkloadFailure, InterruptedException {
        if (!target.startsWith(dir)) {
            throw new WorkloadFailure(REASON, "The hub listed a file outside the model: " + target);
        }
        HttpResponse<InputStream> response = http.send(request(model, url), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new WorkloadFailure(REASON, "GET " + url + " answered HTTP " + response.statusCode());
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length >= 0 && Files.isRegularFile(target) && Files.size(target) == length) {
                return; // already there; closing the body drops the connection, cheaper than reading it
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".download-", ".tmp");
            try {
                Files.copy(body, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** The token goes out exactly as given: the hub takes its own tokens as bearer tokens. */
    private static HttpRequest request(ModelSource model, String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).GET();
        if (model.token() != null && !model.token().isBlank()) {
            b.header("Authorization", "Bearer " + model.token());
        }
        return b.build();
    }

    /** The first GGUF file of the model, in path order; {@code null} when there is none. */
    static Path firstGguf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase().endsWith(".gguf"))
                    .sorted().findFirst().orElse(null);
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String path) {
        return Stream.of(path.split("/")).map(ModelFetcher::encode).collect(Collectors.joining("/"));
    }
}
