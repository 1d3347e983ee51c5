package org.csghub.metrics.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Records {@code http_server_requests_seconds} with the route TEMPLATE ({@code /api/v1/admin/plugins/{id}}),
 * never the raw path, so the series stay bounded; requests no route matched are one series, {@code UNMATCHED}.
 */
final class RouteTimer implements ApplicationEventListener {

    static final String METER = "http.server.requests";
    private final MeterRegistry registry;

    RouteTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        // application lifecycle is not measured
    }

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        long begin = System.nanoTime();
        return event -> {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                int status = event.getContainerResponse() == null ? 500 : event.getContainerResponse().getStatus();
                Timer.builder(METER)
                        .description("REST requests by route template, method and status")
                        .tag("method", event.getContainerRequest().getMethod())
                        .tag("uri", template(event.getUriInfo()))
                        .tag("status", Integer.toString(status))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry)
                        .record(Duration.ofNanos(System.nanoTime() - begin));
            }
        };
    }

    /** The matched templates, outermost first, joined into the route's full template. */
    static String template(ExtendedUriInfo info) {
        List<UriTemplate> matched = info == null ? List.of() : info.getMatchedTemplates();
        if (matched.isEmpty()) {
            return "UNMATCHED";
        }
        StringBuilder path = new StringBuilder();
        for (int i = matched.size() - 1; i >= 0; i--) {
            String t = matched.get(i).getTemplate();
            if (t.isEmpty() || t.equals("/")) {
                continue;
            }
            if (!t.startsWith("/")) {
                path.append('/');
            }
            path.append(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
        }
        return path.length() == 0 ? "/" : path.toString();
    }
}
