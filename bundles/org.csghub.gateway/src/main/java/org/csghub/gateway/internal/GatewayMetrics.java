package org.csghub.gateway.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The gateway's Prometheus meters, registered in the hub's {@link MeterRegistry} (the metrics bundle's, scraped
 * at {@code /metrics}); nothing is recorded while no registry is there. The {@code model} label is the model id
 * of a routed request, {@code unrouted} for a request that named no model it may call (so callers cannot grow
 * the series at will).
 *
 * <ul>
 * <li>{@code csghub_gateway_requests_total{model,status}}: completion requests by status class ({@code 2xx},
 * {@code 4xx}, {@code 5xx}; a client that went away is {@code 4xx})</li>
 * <li>{@code csghub_gateway_prompt_tokens_total{model}}, {@code csghub_gateway_completion_tokens_total{model}}:
 * tokens as metered (engine-reported, else counted)</li>
 * <li>{@code csghub_gateway_request_duration_seconds{model}}: latency histogram, to the end of the response</li>
 * <li>{@code csghub_gateway_time_to_first_token_seconds{model}}: histogram of the time to the first token (to
 * the answer for a plain request)</li>
 * </ul>
 */
final class GatewayMetrics {

    static final String REQUESTS = "csghub.gateway.requests";
    static final String PROMPT_TOKENS = "csghub.gateway.prompt.tokens";
    static final String COMPLETION_TOKENS = "csghub.gateway.completion.tokens";
    static final String DURATION = "csghub.gateway.request.duration";
    static final String TTFT = "csghub.gateway.time.to.first.token";

    private volatile MeterRegistry registry;

    void bind(MeterRegistry registry) {
        this.registry = registry;
    }

    void unbind(MeterRegistry registry) {
        if (this.registry == registry) {
            this.registry = null;
        }
    }

    static String model(Call call) {
        return call.endpointId != null && call.model != null ? call.model : "unrouted";
    }

    static String statusClass(int status) {
        return status <= 0 ? "unknown" : (status / 100) + "xx";
    }

    void request(Call call) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        String model = model(call);
        Counter.builder(REQUESTS).description("Gateway completion requests by model and status class")
                .tag("model", model).tag("status", statusClass(call.status)).register(r).increment();
        timer(r, DURATION, "Gateway request latency, to the end of the response", model)
                .record(Duration.ofMillis(call.latencyMillis()));
        if (call.ttftMillis != null) {
            timer(r, TTFT, "Gateway time to the first token (to the answer for plain requests)", model)
                    .record(Duration.ofMillis(call.ttftMillis));
        }
    }

    void tokens(String model, Integer prompt, Integer completion) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        if (prompt != null && prompt > 0) {
            Counter.builder(PROMPT_TOKENS).description("Prompt tokens metered by the gateway").tag("model", model)
                    .register(r).increment(prompt);
        }
        if (completion != null && completion > 0) {
            Counter.builder(COMPLETION_TOKENS).description("Completion tokens metered by the gateway")
                    .tag("model", model).register(r).increment(completion);
        }
    }

    private static Timer timer(MeterRegistry r, String name, String description, String model) {
        return Timer.builder(name).description(description).tag("model", model).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(r);
    }
}
