package org.csghub.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.csghub.inference.api.Routable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable metering on H2 (the real migrations and entity): rows opened at admission, completed at the end,
 * recovered as interrupted when their process is gone or they outlived the response timeout; token counting with
 * a fake engine's tokenizer when the engine reported no usage; the aggregates and the metrics.
 */
class MeteringTest {

    private static final Instant T0 = Instant.parse("2026-12-06T04:00:00Z");
    private final ObjectMapper json = new ObjectMapper();
    private TestDb db;
    private final MutableClock clockA = new MutableClock(T0);
    private final MutableClock clockB = new MutableClock(T0);
    private Metering a;
    private Metering b;
    private HttpServer engine;
    private final List<String> tokenized = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDb();
        a = new Metering(db, config(600), clockA, new TokenCounter(json, Duration.ofSeconds(2)));
        b = new Metering(db, config(600), clockB, new TokenCounter(json, Duration.ofSeconds(2)));
    }

    @AfterEach
    void tearDown() throws Exception {
        a.deactivate();
        b.deactivate();
        if (engine != null) {
            engine.stop(0);
        }
        db.close();
    }

    @Test
    void anOpenRowOfAProcessThatIsGoneIsClosedAsInterruptedWithThePromptEstimate() {
        a.recover(); // A's heartbeat at T0
        Call call = call("0123456789012345678901234567890123456789"); // 40 characters: 10 tokens estimated
        a.open(call, route("http://127.0.0.1:1/v1"), body(call.promptText));
        assertThat(call.rowId).isNotNull();
        assertThat(row(call.rowId).state).isEqualTo("open");
        assertThat(row(call.rowId).promptEstimate).isEqualTo(10);

        clockB.set(T0.plusSeconds(20)); // A was seen 20 s ago: alive
        assertThat(b.recover()).isZero();
        assertThat(row(call.rowId).state).isEqualTo("open");

        clockB.set(T0.plusSeconds(45)); // A silent for 45 s (> 30 s): gone
        assertThat(b.recover()).isEqualTo(1);
        UsageRecord closed = row(call.rowId);
        assertThat(closed.state).isEqualTo("interrupted");
        assertThat(closed.promptTokens).isEqualTo(10);
        assertThat(closed.usageSource).isEqualTo("estimate");
        assertThat(closed.completionTokens).isNull();
        assertThat(closed.endedAt).isEqualTo(T0.plusSeconds(45));
        assertThat(closed.requestId).isEqualTo("req-1");
        assertThat(b.recover()).as("closed once").isZero();

        // a completion that comes late (the process was only slow) still wins
        call.promptTokens = 12;
        call.completionTokens = 3;
        call.totalTokens = 15;
        call.status = 200;
        a.record(call);
        UsageRecord done = row(call.rowId);
        assertThat(done.state).isEqualTo("completed");
        assertThat(done.usageSource).isEqualTo("engine");
        assertThat(done.totalTokens).isEqualTo(15);
        assertThat(done.at).as("the admission time stays").isEqualTo(T0);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void anOpenRowOlderThanTheResponseTimeoutIsClosedButNotWhileItsOwnProcessHasItInFlight() {
        Call call = call("hello");
        a.open(call, route("http://127.0.0.1:1/v1"), body("hello"));
        clockA.set(T0.plusSeconds(700));
        clockB.set(T0.plusSeconds(700));
        assertThat(a.recover()).as("A's own request is still in flight").isZero();
        assertThat(row(call.rowId).state).isEqualTo("open");
        // B sees A alive (heartbeat just now) but the row is older than the response timeout (600 s)
        assertThat(b.recover()).isEqualTo(1);
        assertThat(row(call.rowId).state).isEqualTo("interrupted");
    }

    @Test
    void aRowOfAProcessThatRestartedIsClosedAtTheNextStart() throws Exception {
        a.recover();
        Call call = call("hi");
        a.open(call, route("http://127.0.0.1:1/v1"), body("hi"));
        a.deactivate(); // "killed": no completion
        Metering restarted = new Metering(db, config(600), new MutableClock(T0.plusSeconds(40)),
                new TokenCounter(json, Duration.ofSeconds(1)));
        try {
            assertThat(restarted.recover()).isEqualTo(1);
        } finally {
            restarted.deactivate();
        }
        assertThat(row(call.rowId).state).isEqualTo("interrupted");
        assertThat(open()).isZero();
    }

    @Test
    void aStreamCutBeforeItsUsageIsCountedWithTheEnginesTokenizer() throws Exception {
        fakeEngine(true);
        String base = "http://127.0.0.1:" + engine.getAddress().getPort();
        Relay relay = new Relay(json, config(5));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        a.bindRegistry(registry);
        try {
            Call call = call("one two three four");
            call.stream = true;
            Routable route = route(base + "/v1");
            call.endpointId = route.id();
            ObjectNode body = body(call.promptText);
            a.open(call, route, body);
            relay.forward(call, route, "/chat/completions", json.writeValueAsBytes(body), false, client());
            assertThat(call.status).isEqualTo(502); // the stream broke off
            assertThat(call.completionText()).isEqualTo("alpha beta gamma");
            a.record(call);
            UsageRecord row = await(call.rowId, "tokenizer");
            assertThat(row.state).isEqualTo("completed");
            assertThat(row.promptTokens).isEqualTo(4); // one token per word in the fake tokenizer
            assertThat(row.completionTokens).isEqualTo(3);
            assertThat(row.totalTokens).isEqualTo(7);
            assertThat(row.status).isEqualTo(502);
            assertThat(tokenized).contains("/tokenize one two three four", "/tokenize alpha beta gamma");
            assertThat(registry.get(GatewayMetrics.COMPLETION_TOKENS).tag("model", "alice/tiny").counter().count())
                    .isEqualTo(3.0);
            assertThat(registry.get(GatewayMetrics.PROMPT_TOKENS).tag("model", "alice/tiny").counter().count())
                    .isEqualTo(4.0);
            assertThat(registry.get(GatewayMetrics.REQUESTS).tag("model", "alice/tiny").tag("status", "5xx")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get(GatewayMetrics.TTFT).tag("model", "alice/tiny").timer().count()).isEqualTo(1);
            assertThat(registry.get(GatewayMetrics.DURATION).tag("model", "alice/tiny").timer().count())
                    .isEqualTo(1);
        } finally {
            relay.close();
        }
    }

    @Test
    void withoutATokenizerTheUsageIsEstimatedFromTheCharacters() throws Exception {
        fakeEngine(false);
        String base = "http://127.0.0.1:" + engine.getAddress().getPort();
        Call call = call("0123456789abcdef"); // 16 characters: 4
        a.open(call, route(base + "/v1"), body(call.promptText));
        call.relayed("0123456789"); // 10 characters: 3
        call.firstToken();
        call.status = 499;
        a.record(call);
        UsageRecord row = row(call.rowId);
        assertThat(row.usageSource).isEqualTo("estimate");
        assertThat(row.promptTokens).isEqualTo(4);
        assertThat(row.completionTokens).isEqualTo(3);
        Thread.sleep(500); // the tokenizer's 404 leaves the estimate
        assertThat(row(call.rowId).usageSource).isEqualTo("estimate");
        assertThat(tokenized).isNotEmpty();
    }

    @Test
    void aCompletionTheDatabaseRefusesIsRetriedInTheBackgroundWithoutHoldingTheResponse() throws Exception {
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        org.csghub.persistence.api.Transactions flaky = new org.csghub.persistence.api.Transactions() {
            @Override
            public <T> T inTransaction(java.util.function.Function<jakarta.persistence.EntityManager, T> work) {
                if (failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("database unavailable");
                }
                return db.inTransaction(work);
            }

            @Override
            public <T> T readOnly(java.util.function.Function<jakarta.persistence.EntityManager, T> work) {
                return db.readOnly(work);
            }
        };
        Metering metering = new Metering(flaky, config(600), clockA, new TokenCounter(json, Duration.ofSeconds(1)));
        try {
            Call call = call("hello");
            metering.open(call, route("http://127.0.0.1:1/v1"), body("hello"));
            call.promptTokens = 2;
            call.completionTokens = 1;
            call.totalTokens = 3;
            call.status = 200;
            failures.set(2); // the first write and the first retry fail
            long started = System.nanoTime();
            metering.record(call);
            assertThat(System.nanoTime() - started).as("one attempt only on the request's thread")
                    .isLessThan(Duration.ofMillis(900).toNanos());
            assertThat(row(call.rowId).state).isEqualTo("open");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"completed".equals(row(call.rowId).state) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            UsageRecord done = row(call.rowId);
            assertThat(done.state).isEqualTo("completed");
            assertThat(done.totalTokens).isEqualTo(3);
            assertThat(failures.get()).isNegative(); // both failures were used up
        } finally {
            metering.deactivate();
        }
    }

    @Test
    void aggregatesPerKeyUserOrganizationModelAndDay() {
        insert(1L, 7, null, "alice/tiny", "2026-12-01T10:00:00Z", 10, 5);
        insert(1L, 7, null, "alice/tiny", "2026-12-01T11:00:00Z", 20, 5);
        insert(2L, 7, null, "alice/big", "2026-12-02T10:00:00Z", 100, 50);
        insert(3L, 8, null, "alice/tiny", "2026-12-02T12:00:00Z", 1, 1);
        insert(9L, 0, "acme", "alice/tiny", "2026-12-03T12:00:00Z", 1000, 1);
        Metering.Scope alice = Metering.scope(user(7), null);

        Map<String, Object> byModel = a.query(alice, null, null, null, 100, "model");
        assertThat(groups(byModel)).containsExactly(
                Map.of("model", "alice/big", "requests", 1L, "promptTokens", 100L, "completionTokens", 50L,
                        "totalTokens", 150L, "interrupted", 0L, "open", 0L),
                Map.of("model", "alice/tiny", "requests", 2L, "promptTokens", 30L, "completionTokens", 10L,
                        "totalTokens", 40L, "interrupted", 0L, "open", 0L));
        assertThat(((Map<?, ?>) byModel.get("totals")).get("requests")).isEqualTo(3L);

        List<Map<String, Object>> byDay = groups(a.query(alice, null, null, null, 100, "day"));
        assertThat(byDay).extracting(g -> g.get("day")).containsExactly("2026-12-01", "2026-12-02");
        assertThat(byDay).extracting(g -> g.get("totalTokens")).containsExactly(40L, 150L);

        List<Map<String, Object>> byKey = groups(a.query(alice, "alice/tiny", null, null, 100, "key"));
        assertThat(byKey).extracting(g -> g.get("key")).containsExactly(1L);

        Map<String, Object> window = a.query(alice, null, Instant.parse("2026-12-02T00:00:00Z"),
                Instant.parse("2026-12-03T00:00:00Z"), 100, "user");
        assertThat(groups(window)).extracting(g -> g.get("user"), g -> g.get("requests"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(7L, 1L));

        Subject admin = new Subject(1, "root", null, true, Scope.ALL, null, null, null);
        assertThat(groups(a.query(Metering.scope(admin, null), null, null, null, 100, "user")))
                .extracting(g -> g.get("user")).containsExactly(0L, 7L, 8L);
        assertThat(groups(a.query(Metering.scope(admin, null), null, null, null, 100, "organization")))
                .extracting(g -> g.get("organization"), g -> g.get("requests"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", 1L),
                        org.assertj.core.groups.Tuple.tuple(null, 4L));
        // an organization's admin (checked by the resource) reads the organization's rows only
        Map<String, Object> acme = a.query(Metering.scope(user(7), "acme"), null, null, null, 100, "model");
        assertThat(((Map<?, ?>) acme.get("totals")).get("promptTokens")).isEqualTo(1000L);
        // an organization key reads its organization's key rows
        Subject key = new Subject(0, null, "acme", false, Set.of(Scope.INFERENCE), 9L, null, null);
        assertThat(((List<?>) a.query(Metering.scope(key, null), null, null, null, 100, null).get("rows")))
                .hasSize(1);
    }

    // ---- fixtures

    /** An engine that streams three words and breaks off (no usage, no [DONE]); /tokenize counts words. */
    private void fakeEngine(boolean tokenizer) throws IOException {
        engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        engine.createContext("/v1", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String word : List.of("alpha", " beta", " gamma")) {
                out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"}}],"
                        + "\"usage\":null}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            exchange.close();
        });
        engine.createContext("/tokenize", exchange -> {
            JsonNode body = json.readTree(exchange.getRequestBody());
            String content = body.path("content").asText();
            tokenized.add(exchange.getRequestURI().getPath() + " " + content);
            if (!tokenizer) {
                answer(exchange, 404, "{\"error\":\"not found\"}");
                return;
            }
            StringBuilder tokens = new StringBuilder("{\"tokens\":[");
            String[] words = content.trim().split("\\s+");
            for (int i = 0; i < words.length; i++) {
                tokens.append(i == 0 ? "" : ",").append(i);
            }
            answer(exchange, 200, tokens.append("]}").toString());
        });
        engine.setExecutor(Executors.newCachedThreadPool());
        engine.start();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private UsageRecord await(long id, String source) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        UsageRecord row = row(id);
        while (!source.equals(row.usageSource) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            row = row(id);
        }
        assertThat(row.usageSource).isEqualTo(source);
        return row;
    }

    private UsageRecord row(long id) {
        return db.readOnly(em -> em.find(UsageRecord.class, id));
    }

    private long count() {
        return db.readOnly(em -> em.createQuery("select count(u) from UsageRecord u", Long.class).getSingleResult());
    }

    private long open() {
        return db.readOnly(em -> em.createQuery("select count(u) from UsageRecord u where u.state = 'open'",
                Long.class).getSingleResult());
    }

    private void insert(Long tokenId, long userId, String org, String model, String at, int prompt, int completion) {
        UsageRecord r = new UsageRecord();
        r.at = Instant.parse(at);
        r.tokenId = tokenId;
        r.userId = userId;
        r.organization = org;
        r.model = model;
        r.promptTokens = prompt;
        r.completionTokens = completion;
        r.totalTokens = prompt + completion;
        r.status = 200;
        r.state = "completed";
        r.usageSource = "engine";
        db.run(em -> em.persist(r));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> groups(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("groups");
    }

    private ObjectNode body(String prompt) {
        ObjectNode body = json.createObjectNode().put("model", "alice/tiny").put("stream", true);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return body;
    }

    private static Subject user(long id) {
        return new Subject(id, "u" + id, null, false, Set.of(Scope.INFERENCE), 3L, null, null);
    }

    private static Call call(String prompt) {
        Call call = new Call(user(7));
        call.requestId = "req-1";
        call.model = "alice/tiny";
        call.promptText = prompt;
        return call;
    }

    private static Routable route(String openaiBaseUrl) {
        return new Routable(1, "alice/tiny", "tiny", "alice", "alice/tiny", "llama-cpp", "Running", openaiBaseUrl,
                true);
    }

    /** The configuration's defaults, with the response timeout given. */
    static GatewayConfig config(int responseTimeoutSeconds) {
        return (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "responseTimeoutSeconds", "idleTimeoutSeconds", "connectTimeoutSeconds" ->
                            responseTimeoutSeconds;
                    case "annotationType" -> GatewayConfig.class;
                    default -> method.getDefaultValue();
                });
    }

    private static HttpServletResponse client() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(MeteringTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getOutputStream" -> out;
                    case "isCommitted" -> true;
                    default -> method.getReturnType() == boolean.class ? false : null;
                });
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
