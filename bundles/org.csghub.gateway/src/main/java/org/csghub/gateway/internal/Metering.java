package org.csghub.gateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.csghub.accounts.api.Subject;
import org.csghub.inference.api.Routable;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters gateway requests durably, with the usage table as its own outbox:
 * <ol>
 * <li>{@link #open} writes the row in state {@code open} when a request is admitted, before it goes to the
 * engine, with who, which model and an estimate of the prompt's tokens;</li>
 * <li>{@link #record} completes it when the response ends: the status, latency, time to first token and the
 * usage (the engine's, else estimated at once and then counted with the engine's tokenizer in the background).
 * The first write is made on the request's thread; when it fails it is retried in the background (bounded,
 * {@link #RETRY_SECONDS}), then the row's content is logged (never a key);</li>
 * <li>{@link #recover} (at start-up and every {@link #HEARTBEAT}) writes this process's heartbeat to
 * {@code gateway_process} and closes as {@code interrupted} the {@code open} rows whose process is gone (no
 * heartbeat for {@link #STALE}) or that are older than the response timeout and not in flight here; their prompt
 * tokens are the admission estimate ({@code usage_source = estimate}), their completion tokens unknown. A late
 * completion still overwrites such a row.</li>
 * </ol>
 * Also answers usage queries: rows, totals and aggregates.
 */
@Component(service = Metering.class, configurationPid = GatewayConfig.PID)
public class Metering {

    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration STALE = Duration.ofSeconds(30);
    static final long[] RETRY_SECONDS = {1, 2, 4, 8, 16, 32};
    static final String ENGINE = "engine";
    static final String TOKENIZER = "tokenizer";
    static final String ESTIMATE = "estimate";

    private static final Logger LOG = LoggerFactory.getLogger(Metering.class);

    private final Transactions tx;
    private final GatewayConfig config;
    private final Clock clock;
    private final TokenCounter tokens;
    private final String processId = UUID.randomUUID().toString();
    private final Instant startedAt;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService background;
    private final ThreadPoolExecutor counting;
    private final GatewayMetrics metrics = new GatewayMetrics();

    @Activate
    public Metering(@Reference Transactions tx, GatewayConfig config) {
        this(tx, config, Clock.systemUTC(), new TokenCounter(new ObjectMapper(), Duration.ofSeconds(5)));
        background.scheduleWithFixedDelay(this::recoverQuietly, 0, HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Without the periodic recovery (tests call {@link #recover()}). */
    Metering(Transactions tx, GatewayConfig config, Clock clock, TokenCounter tokens) {
        this.tx = tx;
        this.config = config;
        this.clock = clock;
        this.tokens = tokens;
        this.startedAt = clock.instant();
        this.background = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gateway-metering"));
        this.counting = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                r -> daemon(r, "gateway-metering-count"));
        this.counting.allowCoreThreadTimeOut(true);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Deactivate
    void deactivate() {
        // shutdown, not shutdownNow: an interrupt during a database write closes H2's file channel and with it the
        // database (ClosedByInterruptException), for every bundle; the queued work is dropped, the running one ends
        background.shutdown();
        counting.shutdown();
        tokens.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRegistry(MeterRegistry registry) {
        metrics.bind(registry);
    }

    void unbindRegistry(MeterRegistry registry) {
        metrics.unbind(registry);
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    String processId() {
        return processId;
    }

    /** At admission, before the request goes to the engine: the {@code open} row. A failure is logged, not fatal. */
    void open(Call call, Routable route, ObjectNode body) {
        call.engineBaseUrl = route.openaiBaseUrl();
        call.servedModel = route.servedModel();
        call.promptText = TokenCounter.promptText(body);
        UsageRecord row = row(call, clock.instant());
        row.state = UsageRecord.OPEN;
        row.promptEstimate = TokenCounter.estimate(call.promptText);
        try {
            tx.run(em -> em.persist(row));
            call.rowId = row.id;
            inFlight.add(row.id);
        } catch (RuntimeException e) {
            LOG.warn("Gateway usage row for request {} not opened ({}); it is written when the response ends",
                    call.requestId, e.toString());
        }
    }

    /** When the response has ended: completes the row (or writes it, for requests refused before admission). */
    void record(Call call) {
        metrics.request(call);
        UsageRecord done = row(call, null);
        done.id = call.rowId;
        done.state = UsageRecord.COMPLETED;
        done.endedAt = clock.instant();
        done.at = call.rowId == null ? done.endedAt : null; // an open row keeps its admission time
        done.latencyMs = call.latencyMillis();
        done.ttftMs = call.ttftMillis;
        done.status = call.status;
        done.promptTokens = call.promptTokens;
        done.completionTokens = call.completionTokens;
        done.totalTokens = call.totalTokens;
        boolean count = needsCounting(call);
        if (call.engineReportedUsage()) {
            done.usageSource = ENGINE;
        } else if (count) {
            done.promptEstimate = TokenCounter.estimate(call.promptText);
            done.promptTokens = call.promptTokens != null ? call.promptTokens : done.promptEstimate;
            done.completionTokens = call.completionTokens != null ? call.completionTokens
                    : TokenCounter.estimate(call.completionText());
            done.totalTokens = done.promptTokens + done.completionTokens;
            done.usageSource = ESTIMATE;
        }
        write(done, 0);
        String model = GatewayMetrics.model(call);
        if (!count) {
            metrics.tokens(model, done.promptTokens, done.completionTokens);
            return;
        }
        try {
            counting.execute(() -> countWithTokenizer(call, done, model));
        } catch (RejectedExecutionException busy) {
            LOG.debug("Token counting for request {} skipped: too many waiting; the estimate stays", call.requestId);
            metrics.tokens(model, done.promptTokens, done.completionTokens);
        }
    }

    /** The engine began answering (or the client left while it did) but reported no (complete) usage. */
    static boolean needsCounting(Call call) {
        return call.engineBaseUrl != null && !call.engineReportedUsage()
                && (call.ttftMillis != null || call.status == 499);
    }

    /** Replaces the estimates with the engine tokenizer's counts, where it answers, and writes them. */
    void countWithTokenizer(Call call, UsageRecord done, String model) {
        OptionalInt prompt = call.promptTokens != null ? OptionalInt.of(call.promptTokens)
                : tokens.count(call.engineBaseUrl, call.servedModel, call.promptText);
        OptionalInt completion = call.completionTokens != null ? OptionalInt.of(call.completionTokens)
                : tokens.count(call.engineBaseUrl, call.servedModel, call.completionText());
        synchronized (done) {
            if (prompt.isPresent()) {
                done.promptTokens = prompt.getAsInt();
            }
            if (completion.isPresent()) {
                done.completionTokens = completion.getAsInt();
            }
            done.totalTokens = done.promptTokens + done.completionTokens;
            done.usageSource = prompt.isPresent() && completion.isPresent() ? TOKENIZER : ESTIMATE;
        }
        if (prompt.isPresent() || completion.isPresent()) {
            write(done, 0);
        }
        metrics.tokens(model, done.promptTokens, done.completionTokens);
    }

    /** Writes the row's current content; on failure retries in the background, bounded, then logs it. */
    private void write(UsageRecord done, int attempt) {
        try {
            tx.run(em -> store(em, done));
            if (done.id != null) {
                inFlight.remove(done.id);
            }
        } catch (RuntimeException e) {
            if (attempt < RETRY_SECONDS.length && !background.isShutdown()) {
                LOG.warn("Gateway usage for request {} not written (attempt {}): {}; retrying in {} s",
                        done.requestId, attempt + 1, e.toString(), RETRY_SECONDS[attempt]);
                try {
                    background.schedule(() -> write(done, attempt + 1), RETRY_SECONDS[attempt], TimeUnit.SECONDS);
                    return;
                } catch (RejectedExecutionException shuttingDown) {
                    // fall through to the log
                }
            }
            if (done.id != null) {
                inFlight.remove(done.id);
            }
            synchronized (done) {
                LOG.error("Gateway usage not recorded: id={} requestId={} at={} tokenId={} userId={} organization={} "
                                + "model={} endpointId={} promptTokens={} completionTokens={} totalTokens={} "
                                + "usageSource={} latencyMs={} ttftMs={} status={} stream={}", done.id,
                        done.requestId, done.at, done.tokenId, done.userId, done.organization, done.model,
                        done.endpointId, done.promptTokens, done.completionTokens, done.totalTokens,
                        done.usageSource, done.latencyMs, done.ttftMs, done.status, done.stream, e);
            }
        }
    }

    private static void store(EntityManager em, UsageRecord done) {
        synchronized (done) {
            UsageRecord row = done.id == null ? null : em.find(UsageRecord.class, done.id);
            if (row == null) {
                row = new UsageRecord();
                row.at = done.at != null ? done.at : done.endedAt;
                copy(done, row);
                em.persist(row);
                done.id = row.id;
            } else {
                copy(done, row);
            }
        }
    }

    private static void copy(UsageRecord from, UsageRecord to) {
        to.tokenId = from.tokenId;
        to.userId = from.userId;
        to.organization = from.organization;
        to.model = from.model;
        to.endpointId = from.endpointId;
        to.requestId = from.requestId;
        to.stream = from.stream;
        to.processId = from.processId;
        to.promptTokens = from.promptTokens;
        to.completionTokens = from.completionTokens;
        to.totalTokens = from.totalTokens;
        to.usageSource = from.usageSource;
        if (from.promptEstimate != null) {
            to.promptEstimate = from.promptEstimate;
        }
        to.latencyMs = from.latencyMs;
        to.ttftMs = from.ttftMs;
        to.status = from.status;
        to.state = from.state;
        to.endedAt = from.endedAt;
    }

    private UsageRecord row(Call call, Instant at) {
        UsageRecord row = new UsageRecord();
        row.at = at;
        row.tokenId = call.subject.tokenId();
        row.userId = call.subject.userId();
        row.organization = call.subject.organization();
        row.model = call.model == null || call.model.length() <= 255 ? call.model : call.model.substring(0, 255);
        row.endpointId = call.endpointId;
        row.requestId = call.requestId;
        row.stream = call.stream;
        row.processId = processId;
        return row;
    }

    private void recoverQuietly() {
        try {
            int closed = recover();
            if (closed > 0) {
                LOG.warn("Closed {} gateway usage rows left open by a process that stopped (state interrupted)",
                        closed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Gateway metering recovery failed: {}", e.toString());
        }
    }

    /**
     * Writes this process's heartbeat, then closes as {@code interrupted} the {@code open} rows older than
     * {@link #STALE} whose process has no recent heartbeat, or that are older than the response timeout and not in
     * flight here. Answers how many it closed.
     */
    int recover() {
        Instant now = clock.instant();
        Instant stale = now.minus(STALE);
        Instant tooOld = now.minusSeconds(config.responseTimeoutSeconds());
        return tx.inTransaction(em -> {
            heartbeat(em, now);
            Query alive = em.createNativeQuery("select process_id from gateway_process where seen_at >= ?1");
            alive.setParameter(1, stale);
            Set<String> live = new HashSet<>();
            for (Object id : alive.getResultList()) {
                live.add(String.valueOf(id));
            }
            List<UsageRecord> open = em.createQuery("select u from UsageRecord u where u.state = :open and u.at < :stale",
                    UsageRecord.class).setParameter("open", UsageRecord.OPEN).setParameter("stale", stale)
                    .getResultList();
            int closed = 0;
            for (UsageRecord row : open) {
                if (inFlight.contains(row.id)) {
                    continue;
                }
                boolean ownerGone = row.processId == null || !live.contains(row.processId);
                if (ownerGone || row.at.isBefore(tooOld)) {
                    row.state = UsageRecord.INTERRUPTED;
                    row.endedAt = now;
                    if (row.promptEstimate != null) {
                        row.promptTokens = row.promptEstimate;
                        row.usageSource = ESTIMATE;
                    }
                    closed++;
                }
            }
            em.createNativeQuery("delete from gateway_process where seen_at < ?1")
                    .setParameter(1, now.minus(Duration.ofDays(1))).executeUpdate();
            return closed;
        });
    }

    private void heartbeat(EntityManager em, Instant now) {
        int updated = em.createNativeQuery("update gateway_process set seen_at = ?1 where process_id = ?2")
                .setParameter(1, now).setParameter(2, processId).executeUpdate();
        if (updated == 0) {
            em.createNativeQuery("insert into gateway_process (process_id, host, started_at, seen_at) "
                            + "values (?1, ?2, ?3, ?4)").setParameter(1, processId).setParameter(2, host())
                    .setParameter(3, startedAt).setParameter(4, now).executeUpdate();
        }
    }

    private static String host() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.length() <= 255 ? name : name.substring(0, 255);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Who sees which rows. */
    record Scope(Long userId, String organization, boolean organizationKeysOnly) {
        static final Scope ALL = new Scope(null, null, false);
    }

    /**
     * The rows a subject may see, as the usage API's filter: an organization's rows (the caller was checked to be
     * a site admin or an admin of it), else everything for site admins, an organization key's own organization's
     * key rows, or a user's own rows.
     */
    static Scope scope(Subject subject, String organization) {
        if (organization != null) {
            return new Scope(null, organization, false);
        }
        if (subject.siteAdmin()) {
            return Scope.ALL;
        }
        if (subject.isOrganizationKey()) {
            return new Scope(null, subject.organization(), true);
        }
        return new Scope(subject.userId(), null, false);
    }

    /** The grouping keys of {@code groupBy}. */
    static final Map<String, String> GROUPS = Map.of("key", "u.tokenId", "user", "u.userId",
            "organization", "u.organization", "model", "u.model", "day", "cast(u.at as LocalDate)");

    /** The rows in scope, newest first, the totals over all that match, and the aggregates when grouped. */
    Map<String, Object> query(Scope scope, String model, Instant from, Instant to, int limit, String groupBy) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (scope.userId() != null) {
            where.append(" and u.userId = :user");
            params.put("user", scope.userId());
        }
        if (scope.organization() != null) {
            where.append(" and u.organization = :org");
            params.put("org", scope.organization());
            if (scope.organizationKeysOnly()) {
                where.append(" and u.userId = 0");
            }
        }
        if (model != null && !model.isBlank()) {
            where.append(" and u.model = :model");
            params.put("model", model);
        }
        if (from != null) {
            where.append(" and u.at >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.append(" and u.at < :to");
            params.put("to", to);
        }
        String sums = "count(u), coalesce(sum(u.promptTokens), 0), coalesce(sum(u.completionTokens), 0), "
                + "coalesce(sum(u.totalTokens), 0), coalesce(sum(case when u.state = 'interrupted' then 1 else 0 "
                + "end), 0), coalesce(sum(case when u.state = 'open' then 1 else 0 end), 0)";
        return tx.readOnly(em -> {
            TypedQuery<UsageRecord> rows = em.createQuery("select u from UsageRecord u" + where
                    + " order by u.id desc", UsageRecord.class).setMaxResults(limit);
            TypedQuery<Object[]> totals = em.createQuery("select " + sums + " from UsageRecord u" + where,
                    Object[].class);
            params.forEach((k, v) -> {
                rows.setParameter(k, v);
                totals.setParameter(k, v);
            });
            List<UsageRecord.Usage> list = new ArrayList<>();
            rows.getResultList().forEach(r -> list.add(r.view()));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("rows", list);
            answer.put("totals", sums(totals.getSingleResult(), 0));
            if (groupBy != null) {
                String key = GROUPS.get(groupBy);
                TypedQuery<Object[]> groups = em.createQuery("select " + key + ", " + sums + " from UsageRecord u"
                        + where + " group by " + key + " order by " + key, Object[].class);
                params.forEach(groups::setParameter);
                List<Map<String, Object>> aggregates = new ArrayList<>();
                for (Object[] g : groups.getResultList()) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put(groupBy, g[0] == null ? null : g[0] instanceof Number n ? (Object) n.longValue()
                            : g[0].toString());
                    one.putAll(sums(g, 1));
                    aggregates.add(one);
                }
                answer.put("groupBy", groupBy);
                answer.put("groups", aggregates);
            }
            return answer;
        });
    }

    private static Map<String, Object> sums(Object[] t, int offset) {
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("requests", ((Number) t[offset]).longValue());
        totals.put("promptTokens", ((Number) t[offset + 1]).longValue());
        totals.put("completionTokens", ((Number) t[offset + 2]).longValue());
        totals.put("totalTokens", ((Number) t[offset + 3]).longValue());
        totals.put("interrupted", ((Number) t[offset + 4]).longValue());
        totals.put("open", ((Number) t[offset + 5]).longValue());
        return totals;
    }
}
