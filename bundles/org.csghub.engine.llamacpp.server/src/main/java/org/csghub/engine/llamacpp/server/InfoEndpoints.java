package org.csghub.engine.llamacpp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;

/** GET /health (what the supervisor probes) and GET /v1/models. */
final class InfoEndpoints {

    private final ModelState state;
    private final String modelName;
    private final long created = Instant.now().getEpochSecond();

    InfoEndpoints(ModelState state, String modelName) {
        this.state = state;
        this.modelName = modelName;
    }

    void health(Exchange exchange) throws IOException {
        boolean ready = state.isReady();
        exchange.json(ready ? 200 : 503, Json.object().put("status", ready ? "ok" : "loading"));
    }

    void models(Exchange exchange) throws IOException {
        ObjectNode list = Json.object().put("object", "list");
        list.putArray("data").addObject()
                .put("id", modelName).put("object", "model").put("created", created).put("owned_by", "csghub");
        exchange.json(200, list);
    }
}
