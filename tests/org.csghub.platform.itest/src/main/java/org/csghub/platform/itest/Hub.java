package org.csghub.platform.itest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The running hub as a client sees it: plain HTTP against the framework's own Jetty. */
final class Hub {

    static final String TOKEN = "itest-admin-token";
    static final String PLUGINS = "/api/v1/admin/plugins";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final BundleContext context;

    private Hub(URI base, BundleContext context) {
        this.base = base;
        this.context = context;
    }

    /** Finds the HTTP port (the framework listens on a free one) and waits until the REST API answers. */
    static Hub connect(BundleContext context) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<?> runtime = context.getServiceReference("org.osgi.service.servlet.runtime.HttpServiceRuntime");
            Object endpoint = runtime == null ? null : runtime.getProperty("osgi.http.endpoint");
            String url = endpoint instanceof String[] all && all.length > 0 ? all[0]
                    : endpoint instanceof java.util.Collection<?> c && !c.isEmpty() ? c.iterator().next().toString()
                    : endpoint instanceof String s ? s : null;
            if (url != null && !url.contains(":0/")) {
                Hub hub = new Hub(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url), context);
                if (hub.await("/api/v1/version", r -> r.statusCode() == 200, Duration.ofSeconds(30)) != null) {
                    return hub;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The hub's REST API did not come up within 60 s");
    }

    BundleContext context() {
        return context;
    }

    Path deployDir() {
        return Path.of(context.getProperty("csghub.deploy.dir"));
    }

    Path examplePluginJar() {
        return Path.of(context.getProperty("csghub.itest.plugins"), "org.csghub.example.jar");
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> admin(String method, String path) {
        return send(request(path).header("Authorization", "Bearer " + TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> upload(byte[] jar) {
        return send(request(PLUGINS).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build());
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Polls until the answer matches, returning it, or null after the timeout. */
    HttpResponse<String> await(String path, Predicate<HttpResponse<String>> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            try {
                HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (until.test(r)) {
                    return r;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            sleep(5);
        } while (System.nanoTime() < deadline);
        return null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
