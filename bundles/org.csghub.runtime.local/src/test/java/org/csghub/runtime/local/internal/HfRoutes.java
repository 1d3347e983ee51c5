package org.csghub.runtime.local.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test's model source: the two routes of the hub's HF API the runtime uses, serving local files. The resolve
 * route redirects to a blob path, as the hub does to its object store.
 */
final class HfRoutes implements AutoCloseable {

    private final HttpServer server;
    /** repo -> its files */
    private final Map<String, Map<String, Path>> repos = new ConcurrentHashMap<>();
    volatile String lastAuthorization;

    HfRoutes() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hf/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void put(String repo, String file, Path content) {
        repos.computeIfAbsent(repo, r -> new ConcurrentHashMap<>()).put(file, content);
    }

    private void handle(HttpExchange x) throws IOException {
        lastAuthorization = x.getRequestHeaders().getFirst("Authorization");
        String path = x.getRequestURI().getPath();
        try (x) {
            for (var repo : repos.entrySet()) {
                String name = repo.getKey();
                if (path.startsWith("/hf/api/models/" + name + "/revision/")) {
                    String siblings = String.join(",", repo.getValue().keySet().stream()
                            .map(f -> "{\"rfilename\":\"" + f + "\"}").toList());
                    send(x, 200, ("{\"id\":\"" + name + "\",\"siblings\":[" + siblings + "]}")
                            .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String resolve = "/hf/" + name + "/resolve/";
                if (path.startsWith(resolve)) {
                    x.getResponseHeaders().add("Location", "/hf/blob/" + name + "/"
                            + path.substring(path.indexOf('/', resolve.length()) + 1));
                    x.sendResponseHeaders(302, -1);
                    return;
                }
                String blob = "/hf/blob/" + name + "/";
                if (path.startsWith(blob) && repo.getValue().containsKey(path.substring(blob.length()))) {
                    send(x, 200, Files.readAllBytes(repo.getValue().get(path.substring(blob.length()))));
                    return;
                }
            }
            send(x, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange x, int status, byte[] body) throws IOException {
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
