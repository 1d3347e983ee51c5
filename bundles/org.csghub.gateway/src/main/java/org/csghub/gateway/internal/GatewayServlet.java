package org.csghub.gateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Authenticator;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.csghub.inference.api.EndpointDirectory;
import org.csghub.inference.api.Routable;
import org.csghub.rest.RequestIds;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible entry point: {@code GET /v1/models[/{id}]}, {@code POST /v1/chat/completions} and
 * {@code POST /v1/completions}, for {@code Authorization: Bearer} keys with the {@code inference} scope (and
 * sessions). A model id names a running endpoint ({@link EndpointDirectory}); the request goes to its engine with
 * the served model name, and every request after authentication leaves a usage row ({@link Metering}).
 *
 * <p>A plain servlet, not a REST resource: the REST stack holds back the first kilobytes of an entity, which
 * would stall a token stream; here each event is written and flushed as it comes.
 */
@Component(service = Servlet.class, configurationPid = GatewayConfig.PID)
@Designate(ocd = GatewayConfig.class)
@HttpWhiteboardServletPattern("/v1/*")
public class GatewayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServlet.class);
    private static final List<String> COMPLETIONS = List.of("/chat/completions", "/completions");

    private final transient Authenticator authenticator;
    private final transient EndpointDirectory directory;
    private final transient Metering metering;
    private final transient Admission admission;
    private final transient GatewayConfig config;
    private final transient Relay relay;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public GatewayServlet(@Reference Authenticator authenticator, @Reference EndpointDirectory directory,
                          @Reference Metering metering, @Reference Admission admission, GatewayConfig config) {
        this.authenticator = authenticator;
        this.directory = directory;
        this.metering = metering;
        this.admission = admission;
        this.config = config;
        this.relay = new Relay(json, config);
    }

    @Deactivate
    void deactivate() {
        relay.close();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String requestId = requestId(req);
        resp.setHeader(RequestIds.HEADER, requestId);
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        Call call = null;
        try {
            String path = path(req);
            Subject subject = authenticate(req, requestId);
            if (path.equals("/models") || path.startsWith("/models/")) {
                if (!method.equals("GET")) {
                    throw methodNotAllowed(method, path);
                }
                models(subject, path, resp);
                return;
            }
            if (!COMPLETIONS.contains(path)) {
                throw GatewayError.notFound("Unknown path /v1" + path + "; this gateway serves /v1/models, "
                        + "/v1/chat/completions and /v1/completions");
            }
            if (!method.equals("POST")) {
                throw methodNotAllowed(method, path);
            }
            call = new Call(subject);
            call.requestId = requestId;
            complete(call, path, req, resp);
        } catch (GatewayError e) {
            if (call != null) {
                call.status = e.status;
            }
            error(resp, e);
        } catch (RuntimeException e) {
            LOG.error("Gateway request {} failed", requestId, e);
            GatewayError internal = new GatewayError(500, "server_error", "internal_error", null,
                    "The gateway failed (request " + requestId + ")", true);
            if (call != null) {
                call.status = internal.status;
            }
            error(resp, internal);
        } finally {
            if (call != null) {
                admission.settle(call);
                metering.record(call);
            }
        }
    }

    /** Only keys with the {@code inference} scope (sessions carry every scope); the secret is never logged. */
    private Subject authenticate(HttpServletRequest req, String requestId) {
        String authorization = req.getHeader("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw GatewayError.unauthenticated("You didn't provide an API key. Send it as 'Authorization: Bearer "
                    + "<key>'; create one with the inference scope at /api/v1/user/tokens.");
        }
        Subject subject;
        try {
            subject = authenticator.authenticate(authorization, req.getRemoteAddr(), requestId);
        } catch (AccessDeniedException e) {
            throw GatewayError.unauthenticated("Incorrect API key provided: " + e.getMessage());
        }
        if (subject.isAnonymous()) {
            throw GatewayError.unauthenticated("Incorrect API key provided.");
        }
        if (!subject.hasScope(Scope.INFERENCE)) {
            throw GatewayError.unauthenticated("This key has no 'inference' scope; the gateway takes inference keys "
                    + "only.");
        }
        return subject;
    }

    private void models(Subject subject, String path, HttpServletResponse resp) throws IOException {
        if (path.startsWith("/models/")) {
            String id = path.substring("/models/".length());
            Routable route = directory.find(id, subject).filter(r -> admission.listed(subject).test(r.model()))
                    .orElseThrow(() -> GatewayError.modelNotFound(id));
            send(resp, 200, model(route));
            return;
        }
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        java.util.function.Predicate<String> allowed = admission.listed(subject);
        directory.callable(subject).stream().filter(route -> allowed.test(route.model()))
                .forEach(route -> data.add(model(route)));
        send(resp, 200, list);
    }

    private ObjectNode model(Routable route) {
        return json.createObjectNode().put("id", route.model()).put("object", "model").put("created", 0)
                .put("owned_by", route.owner());
    }

    private void complete(Call call, String path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        ObjectNode body = body(req);
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw GatewayError.invalid("model", "'model' is required: one of the ids GET /v1/models lists");
        }
        call.model = model.asText();
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw GatewayError.invalid("stream", "'stream' must be a boolean");
        }
        call.stream = stream != null && stream.asBoolean();
        JsonNode options = body.get("stream_options");
        if (options != null && !options.isNull() && !options.isObject()) {
            throw GatewayError.invalid("stream_options", "'stream_options' must be an object");
        }
        Routable found = directory.find(call.model, call.subject)
                .orElseThrow(() -> GatewayError.modelNotFound(call.model));
        call.admission = admission.admit(call, body, json.writeValueAsString(body).length()); // policy, budget
        call.endpointId = found.id();
        directory.touch(found.id());
        Routable route = found.openaiBaseUrl() != null ? found : awake(call);
        body.put("model", route.servedModel());
        boolean clientWantsUsage = false;
        if (call.stream) {
            ObjectNode streamOptions = options instanceof ObjectNode o ? o : body.putObject("stream_options");
            clientWantsUsage = streamOptions.path("include_usage").asBoolean(false);
            streamOptions.put("include_usage", true);
        }
        metering.open(call, route, body);
        relay.forward(call, route, path, json.writeValueAsBytes(body), clientWantsUsage, resp);
    }

    /** Waits (bounded) for a sleeping endpoint that this request woke. */
    private Routable awake(Call call) {
        try {
            return directory.awaitRunning(call.model, call.subject, Duration.ofSeconds(config.wakeTimeoutSeconds()))
                    .orElseThrow(() -> GatewayError.upstream(503, "model_waking_up", "The model '" + call.model
                            + "' was asleep and is not ready within " + config.wakeTimeoutSeconds() + " s; retry"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GatewayError.upstream(503, "model_waking_up", "Interrupted while the model woke up");
        }
    }

    private ObjectNode body(HttpServletRequest req) throws IOException {
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(config.maxRequestBytes() + 1);
        }
        if (bytes.length > config.maxRequestBytes()) {
            throw new GatewayError(413, "invalid_request_error", "request_too_large", null,
                    "The request body is larger than " + config.maxRequestBytes() + " bytes", false);
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw GatewayError.invalid(null, "The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw GatewayError.invalid(null, "The body must be a JSON object");
        }
        return object;
    }

    private static GatewayError methodNotAllowed(String method, String path) {
        return new GatewayError(405, "invalid_request_error", "method_not_allowed", null,
                method + " is not allowed on /v1" + path, false);
    }

    private void send(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private void error(HttpServletResponse resp, GatewayError e) throws IOException {
        if (resp.isCommitted()) {
            LOG.debug("Gateway error after the response started: {}", e.getMessage());
            return;
        }
        String requestId = resp.getHeader(RequestIds.HEADER);
        resp.reset();
        resp.setHeader(RequestIds.HEADER, requestId);
        resp.setHeader("x-should-retry", Boolean.toString(e.retry));
        if (e.retryAfterSeconds != null) {
            resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds));
        } else if (e.status == 503) {
            resp.setHeader("Retry-After", "1");
        }
        if (e.status == 401) {
            resp.setHeader("WWW-Authenticate", "Bearer");
        }
        send(resp, e.status, e.body(json));
    }

    /**
     * The path under {@code /v1}, decoded. Read from the raw URI rather than {@code getPathInfo()}: model ids hold a
     * {@code /}, which clients send encoded ({@code /v1/models/alice%2Ftiny}), and the servlet API refuses to
     * decode such ambiguous paths.
     */
    static String path(HttpServletRequest req) {
        String raw = req.getRequestURI();
        String context = req.getContextPath() == null ? "" : req.getContextPath();
        if (raw.startsWith(context)) {
            raw = raw.substring(context.length());
        }
        if (raw.startsWith("/v1")) {
            raw = raw.substring(3);
        }
        try {
            return java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalid(null, "The path is not well-formed");
        }
    }

    private static String requestId(HttpServletRequest req) {
        String given = req.getHeader(RequestIds.HEADER);
        return given != null && given.matches("[A-Za-z0-9._-]{1,64}") ? given : UUID.randomUUID().toString();
    }
}
