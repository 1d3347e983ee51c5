package org.csghub.repo.git.internal.lfs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.csghub.repo.git.internal.LfsPointers;

/**
 * The batch API ({@code POST .../info/lfs/objects/batch}) without HTTP: parsing and checking the request, and
 * answering each object with actions or a per-object error. What the answer depends on (the store, URLs) comes
 * through {@link Backend}.
 */
public final class Batch {

    /** Most objects one request may name (git-lfs sends 100 per batch). */
    static final int MAX_OBJECTS = 1000;

    public enum Operation { UPLOAD, DOWNLOAD }

    public record Request(Operation operation, List<String> transfers, String ref, List<Item> objects) {
    }

    /** An object as the client named it; {@code oid} and {@code size} are not checked yet. */
    public record Item(String oid, long size) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Action(String href, Map<String, String> header, @JsonProperty("expires_in") Integer expiresIn) {
    }

    public record ObjectError(int code, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObjectResult(String oid, long size, Boolean authenticated, Map<String, Action> actions,
                               ObjectError error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Response(String transfer, List<ObjectResult> objects, @JsonProperty("hash_algo") String hashAlgo) {
    }

    /** What the batch needs to know and do about one repository's objects. */
    public interface Backend {
        /** The stored size, or empty when the object is not stored. */
        Optional<Long> storedSize(String oid) throws IOException;

        boolean linked(String oid);

        void link(String oid, long size);

        /** The actions to upload an object (upload, verify). */
        Map<String, Action> uploadActions(String oid, long size);

        /** The action to download a stored object. */
        Action downloadAction(String oid, long size) throws IOException;
    }

    private Batch() {
    }

    public static Request parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new LfsError(422, "The request body must be a JSON object");
        }
        String op = body.path("operation").asText("");
        Operation operation = switch (op) {
            case "upload" -> Operation.UPLOAD;
            case "download" -> Operation.DOWNLOAD;
            default -> throw new LfsError(422, "operation must be \"upload\" or \"download\"");
        };
        JsonNode algo = body.get("hash_algo");
        if (algo != null && !algo.isNull()) {
            String a = algo.asText();
            // git-lfs and huggingface_hub send sha256, huggingface.js sends sha_256
            if (!a.isEmpty() && !a.equals("sha256") && !a.equals("sha_256")) {
                throw new LfsError(409, "Unsupported hash algorithm " + a + ": only sha256");
            }
        }
        List<String> transfers = new ArrayList<>();
        for (JsonNode t : body.path("transfers")) {
            transfers.add(t.asText());
        }
        if (!transfers.isEmpty() && !transfers.contains("basic")) {
            throw new LfsError(422, "Only the basic transfer is supported");
        }
        JsonNode refNode = body.path("ref").path("name");
        String ref = refNode.isTextual() ? refNode.asText() : null;
        JsonNode objects = body.get("objects");
        if (objects == null || !objects.isArray()) {
            throw new LfsError(422, "objects must be a list");
        }
        if (objects.size() > MAX_OBJECTS) {
            throw new LfsError(413, "At most " + MAX_OBJECTS + " objects per batch request");
        }
        List<Item> items = new ArrayList<>(objects.size());
        for (JsonNode o : objects) {
            JsonNode size = o.path("size");
            items.add(new Item(o.path("oid").asText(""), size.canConvertToLong() && size.isIntegralNumber()
                    ? size.asLong() : -1));
        }
        return new Request(operation, transfers, ref, items);
    }

    public static Response answer(Request request, Backend backend) throws IOException {
        List<ObjectResult> results = new ArrayList<>(request.objects().size());
        for (Item item : request.objects()) {
            results.add(request.operation() == Operation.UPLOAD ? upload(item, backend) : download(item, backend));
        }
        return new Response("basic", results, "sha256");
    }

    private static ObjectError invalid(Item item) {
        if (!LfsPointers.isOid(item.oid())) {
            return new ObjectError(422, "oid must be 64 lower-case hex digits (sha256)");
        }
        if (item.size() < 0) {
            return new ObjectError(422, "size must be a non-negative integer");
        }
        return null;
    }

    private static ObjectResult upload(Item item, Backend backend) throws IOException {
        ObjectError invalid = invalid(item);
        if (invalid != null) {
            return new ObjectResult(item.oid(), item.size(), null, null, invalid);
        }
        Optional<Long> stored = backend.storedSize(item.oid());
        if (stored.isPresent() && stored.get() == item.size()) {
            // already here (from this or another repository): nothing to send, but this repository now uses it
            backend.link(item.oid(), item.size());
            return new ObjectResult(item.oid(), item.size(), null, null, null);
        }
        return new ObjectResult(item.oid(), item.size(), true, backend.uploadActions(item.oid(), item.size()), null);
    }

    private static ObjectResult download(Item item, Backend backend) throws IOException {
        ObjectError invalid = invalid(item);
        if (invalid != null) {
            return new ObjectResult(item.oid(), item.size(), null, null, invalid);
        }
        Optional<Long> stored = backend.storedSize(item.oid());
        if (stored.isEmpty() || !backend.linked(item.oid())) {
            return new ObjectResult(item.oid(), item.size(), null, null, new ObjectError(404, "Object does not exist"));
        }
        if (stored.get() != item.size()) {
            return new ObjectResult(item.oid(), item.size(), null, null,
                    new ObjectError(422, "Object size is " + stored.get() + ", not " + item.size()));
        }
        return new ObjectResult(item.oid(), item.size(), true,
                Map.of("download", backend.downloadAction(item.oid(), item.size())), null);
    }
}
