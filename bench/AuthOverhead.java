import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authentication + permission overhead per request, measured in one run against a running hub (see
 * auth-overhead.sh). The same route (a public example note) is requested N times anonymously and N times with
 * a personal access token; the server's own timers (csghub_auth_authenticate_seconds, csghub_auth_permission_seconds,
 * medians) give the per-request cost of authenticating and checking, and the client medians give the baseline
 * the overhead is a fraction of.
 *
 * Usage: java bench/AuthOverhead.java http://127.0.0.1:PORT OPERATOR_TOKEN ROOT_PASSWORD EXAMPLE_JAR [N]
 */
public class AuthOverhead {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String operator = args[1];
        String rootPassword = args[2];
        Path exampleJar = Path.of(args[3]);
        int n = args.length > 4 ? Integer.parseInt(args[4]) : 20000;

        send("POST", base + "/api/v1/admin/plugins", operator, "application/java-archive",
                HttpRequest.BodyPublishers.ofFile(exampleJar), 201);
        String session = field(send("POST", base + "/api/v1/auth/login", null, "application/json",
                json("{\"username\":\"root\",\"password\":\"" + rootPassword + "\"}"), 200), "accessToken");
        String token = field(send("POST", base + "/api/v1/user/tokens", session, "application/json",
                json("{\"name\":\"bench\",\"scopes\":[\"read\"]}"), 201), "secret");
        for (int i = 0; i < 100; i++) {
            Thread.sleep(50);
            if (get(base + "/api/v1/example/notes/root/x", null) == 404) {
                break;
            }
        }
        send("POST", base + "/api/v1/example/notes", session, "application/json",
                json("{\"namespace\":\"root\",\"name\":\"bench\",\"visibility\":\"public\",\"content\":\"x\"}"), 201);
        String note = base + "/api/v1/example/notes/root/bench";

        // warm-up: JIT, caches, connection
        for (int i = 0; i < n / 4; i++) {
            get(note, null);
            get(note, token);
        }
        long[] anonymous = new long[n];
        long[] withToken = new long[n];
        for (int i = 0; i < n; i++) {
            anonymous[i] = timed(note, null);
            withToken[i] = timed(note, token);
        }
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double authenticate = quantile(metrics, "csghub_auth_authenticate_seconds", "0.5");
        double permission = quantile(metrics, "csghub_auth_permission_seconds{caller=\"authenticated\"}", "0.5");
        double authenticateP99 = quantile(metrics, "csghub_auth_authenticate_seconds", "0.99");
        double permissionP99 = quantile(metrics, "csghub_auth_permission_seconds{caller=\"authenticated\"}", "0.99");
        double authenticateMean = value(metrics, "csghub_auth_authenticate_seconds_sum")
                / value(metrics, "csghub_auth_authenticate_seconds_count");
        System.out.printf("authenticate_mean_us %.1f%n", authenticateMean * 1e6);
        double anonMedian = median(anonymous) / 1000.0;
        double tokenMedian = median(withToken) / 1000.0;
        double overhead = (authenticate + permission) * 1e6;
        System.out.printf("requests_per_kind %d%n", n);
        System.out.printf("authenticate_median_us %.1f (p99 %.1f)%n", authenticate * 1e6, authenticateP99 * 1e6);
        System.out.printf("permission_median_us %.1f (p99 %.1f)%n", permission * 1e6, permissionP99 * 1e6);
        System.out.printf("auth_plus_permission_median_us %.1f (target < 50)%n", overhead);
        System.out.printf("request_median_us anonymous=%.1f token=%.1f (client-side, same route, same run)%n",
                anonMedian, tokenMedian);
        System.out.printf("overhead_ratio_of_token_request %.3f%n", overhead / tokenMedian);
    }

    static long timed(String url, String bearer) throws Exception {
        long start = System.nanoTime();
        int status = get(url, bearer);
        long took = System.nanoTime() - start;
        if (status != 200) {
            throw new IllegalStateException("GET " + url + " answered " + status);
        }
        return took;
    }

    static int get(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String send(String method, String url, String bearer, String type, HttpRequest.BodyPublisher body,
                       int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, body).header("Content-Type", type);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static HttpRequest.BodyPublisher json(String s) {
        return HttpRequest.BodyPublishers.ofString(s);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** A quantile of a Prometheus histogram, interpolated linearly inside the bucket that holds it. */
    static double quantile(String metrics, String name, String q) {
        String series = name.contains("{") ? name.substring(0, name.indexOf('{')) : name;
        String label = name.contains("{") ? name.substring(name.indexOf('{') + 1, name.length() - 1) : "";
        Matcher m = Pattern.compile("^" + series + "_bucket\\{([^}]*)le=\"([^\"]+)\"([^}]*)\\} ([0-9.eE+-]+)$",
                Pattern.MULTILINE).matcher(metrics);
        java.util.List<double[]> buckets = new java.util.ArrayList<>();
        while (m.find()) {
            if (!(m.group(1) + m.group(3)).contains(label)) {
                continue;
            }
            double le = m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
            buckets.add(new double[] {le, Double.parseDouble(m.group(4))});
        }
        if (buckets.isEmpty()) {
            throw new IllegalStateException("no " + name + " histogram in /metrics");
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = buckets.get(buckets.size() - 1)[1];
        double rank = Double.parseDouble(q) * total;
        double lower = 0;
        double below = 0;
        for (double[] bucket : buckets) {
            if (bucket[1] >= rank) {
                double inBucket = bucket[1] - below;
                double upper = Double.isInfinite(bucket[0]) ? lower : bucket[0];
                return inBucket == 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
            }
            lower = bucket[0];
            below = bucket[1];
        }
        return lower;
    }

    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + series + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(metrics);
        if (!m.find()) {
            throw new IllegalStateException("no " + series + " in /metrics");
        }
        return Double.parseDouble(m.group(2));
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
