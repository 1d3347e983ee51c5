package org.csghub.inference.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.csghub.compute.api.Cluster;
import org.csghub.compute.api.ComputeRuntime;
import org.csghub.compute.api.ResourceCatalog;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** An endpoint's engine output, from its runtime (or the lines kept with its last failure). */
@Component(service = EndpointLogs.class)
public class EndpointLogs {

    private static final int MAX_LINES = 1000;
    private static final int COMMIT_PADDING = 8192;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration MAX_FOLLOW = Duration.ofMinutes(30);

    private final Transactions tx;
    private final ResourceCatalog catalogue;
    private final ComputeRegistry registry;

    @Activate
    public EndpointLogs(@Reference Transactions tx, @Reference ResourceCatalog catalogue,
                        @Reference ComputeRegistry registry) {
        this.tx = tx;
        this.catalogue = catalogue;
        this.registry = registry;
    }

    List<String> tail(EndpointRecord e, int lines) {
        int n = Math.max(1, Math.min(MAX_LINES, lines));
        List<String> out = runtime(e).map(r -> r.logs(e.workload, n)).orElse(List.of());
        if (out.isEmpty() && e.logTail != null) {
            List<String> kept = List.of(e.logTail.split("\n"));
            return kept.subList(Math.max(0, kept.size() - n), kept.size());
        }
        return out;
    }

    /** Writes the tail, then every new line as it comes, until the client goes, the endpoint goes, or 30 min. */
    void follow(EndpointRecord e, int lines, OutputStream out) throws IOException {
        // Jersey holds the first 8 KiB of an entity back (to set Content-Length) and a flush does not release it:
        // one SSE comment of that size, which clients ignore, makes the stream start at once
        out.write((":" + " ".repeat(COMMIT_PADDING) + "\n\n").getBytes(StandardCharsets.UTF_8));
        List<String> seen = tail(e, lines);
        for (String line : seen) {
            send(out, line);
        }
        out.flush();
        Instant until = Instant.now().plus(MAX_FOLLOW);
        Instant lastWrite = Instant.now();
        while (Instant.now().isBefore(until)) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                return;
            }
            if (tx.readOnly(em -> em.find(EndpointRecord.class, e.id)) == null) {
                out.write("event: end\ndata: endpoint deleted\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            List<String> now = runtime(e).map(r -> r.logs(e.workload, MAX_LINES)).orElse(List.of());
            List<String> fresh = newLines(seen, now);
            for (String line : fresh) {
                send(out, line);
            }
            if (!fresh.isEmpty()) {
                seen = now;
                lastWrite = Instant.now();
                out.flush();
            } else if (Instant.now().isAfter(lastWrite.plus(HEARTBEAT))) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8)); // fails once the client is gone
                out.flush();
                lastWrite = Instant.now();
            }
        }
    }

    /**
     * The lines of {@code now} after the last place where the lines sent last ({@code seen}, up to its last 20)
     * occur in it, searched from the end. Logs are a moving window: when only the newest of them are left at the
     * start of {@code now}, what follows them is new; when none are (the engine restarted), all of {@code now} is.
     */
    static List<String> newLines(List<String> seen, List<String> now) {
        if (seen.isEmpty()) {
            return now;
        }
        List<String> mark = seen.subList(Math.max(0, seen.size() - 20), seen.size());
        for (int end = now.size(); end >= mark.size(); end--) {
            if (now.subList(end - mark.size(), end).equals(mark)) {
                return new ArrayList<>(now.subList(end, now.size()));
            }
        }
        for (int overlap = Math.min(mark.size(), now.size()) - 1; overlap > 0; overlap--) { // the window moved
            if (mark.subList(mark.size() - overlap, mark.size()).equals(now.subList(0, overlap))) {
                return new ArrayList<>(now.subList(overlap, now.size()));
            }
        }
        return now;
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write(("data: " + line.replace("\r", "").replace("\n", " ") + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private Optional<ComputeRuntime> runtime(EndpointRecord e) {
        return catalogue.cluster(e.clusterId).map(Cluster::runtime).flatMap(registry::runtime);
    }
}
