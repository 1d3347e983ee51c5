package org.csghub.repo.git.internal.lfs;

import org.csghub.rest.ByteRange;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Subject;
import org.csghub.persistence.api.PersistenceUnavailableException;
import org.csghub.repo.api.Repo;
import org.csghub.repo.git.internal.Callers;
import org.csghub.repo.git.internal.LfsPointers;
import org.csghub.rest.ApiException;
import org.csghub.rest.RequestIds;
import org.csghub.storage.api.ContentMismatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Git LFS HTTP API of one repository, everything under {@code .../{name}.git/info/lfs/}: the batch API,
 * basic transfers (PUT upload, GET download with ranges, verify) and the locking API. Transfer URLs carry a
 * signed, expiring token ({@link LfsTokens}) so that they work without the action's headers; with a valid
 * {@code Authorization} instead they work too.
 */
public final class LfsHttp {

    public static final String MEDIA_TYPE = "application/vnd.git-lfs+json";
    static final int BUFFER = 1 << 20;
    static final int MAX_JSON_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LfsHttp.class);
    private static final Pattern UPLOAD = Pattern.compile("objects/([0-9a-f]{64})/(\\d{1,19})");
    private static final Pattern DOWNLOAD = Pattern.compile("objects/([0-9a-f]{64})");
    private static final Pattern VERIFY = Pattern.compile("verify/([0-9a-f]{64})/(\\d{1,19})");
    private static final Pattern UNLOCK = Pattern.compile("locks/(\\d{1,19})/unlock");

    private final Callers callers;
    private final DbLfsStore store;
    private final LfsLocks locks;
    private final LfsSigningKey keys;
    private final IntSupplier actionSeconds;
    private final Semaphore transfers;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param maxTransfers uploads and downloads served at once; more are answered 429 with {@code Retry-After}
     */
    public LfsHttp(Callers callers, DbLfsStore store, LfsLocks locks, LfsSigningKey keys, IntSupplier actionSeconds,
                   int maxTransfers) {
        this.callers = callers;
        this.store = store;
        this.locks = locks;
        this.keys = keys;
        this.actionSeconds = actionSeconds;
        this.transfers = new Semaphore(maxTransfers);
    }

    /** @param path what follows {@code info/lfs/} */
    public void handle(HttpServletRequest req, HttpServletResponse res, Repo repo, String path) throws IOException {
        try {
            route(req, res, repo, path);
        } catch (LfsError e) {
            error(req, res, e.status(), e.getMessage(), e.headers());
        } catch (AccessDeniedException e) {
            // a credential that did not authenticate: ask again
            error(req, res, 401, e.getMessage(), challenge());
        } catch (PersistenceUnavailableException e) {
            // git-lfs gives up on any 5xx but retries a 429 after Retry-After
            error(req, res, 429, "The hub is busy, retry shortly", Map.of("Retry-After", "5"));
        } catch (ApiException e) {
            error(req, res, e.status(), e.getMessage(), e.headers());
        } catch (IllegalArgumentException e) {
            error(req, res, 422, e.getMessage(), Map.of());
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse res, Repo repo, String path) throws IOException {
        String method = req.getMethod();
        Matcher m;
        if (path.equals("objects/batch")) {
            requireMethod(method, "POST");
            batch(req, res, repo);
        } else if ((m = UPLOAD.matcher(path)).matches()) {
            requireMethod(method, "PUT");
            upload(req, res, repo, m.group(1), Long.parseLong(m.group(2)));
        } else if ((m = DOWNLOAD.matcher(path)).matches()) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                throw new LfsError(405, "Use GET");
            }
            download(req, res, repo, m.group(1));
        } else if ((m = VERIFY.matcher(path)).matches()) {
            requireMethod(method, "POST");
            verify(req, res, repo, m.group(1), Long.parseLong(m.group(2)));
        } else if (path.equals("locks")) {
            if (method.equals("GET")) {
                listLocks(req, res, repo);
            } else {
                requireMethod(method, "POST");
                createLock(req, res, repo);
            }
        } else if (path.equals("locks/verify")) {
            requireMethod(method, "POST");
            verifyLocks(req, res, repo);
        } else if ((m = UNLOCK.matcher(path)).matches()) {
            requireMethod(method, "POST");
            unlock(req, res, repo, Long.parseLong(m.group(1)));
        } else {
            throw new LfsError(404, "No LFS endpoint at " + path);
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new LfsError(405, "Use " + expected);
        }
    }

    // ---- authorisation

    private Subject authorize(HttpServletRequest req, Repo repo, Action action) {
        Subject subject = callers.subject(req);
        Optional<Callers.Refusal> refusal = callers.check(subject, action, repo);
        if (refusal.isPresent()) {
            throw switch (refusal.get()) {
                case LOG_IN -> withChallenge(new LfsError(401, "Credentials needed for " + repo.path()));
                case NOT_FOUND -> new LfsError(404, "Repository not found");
                case FORBIDDEN -> new LfsError(403, action == Action.WRITE
                        ? "You may read but not write " + repo.path() : "Access to " + repo.path() + " denied");
            };
        }
        return subject;
    }

    /** A transfer is allowed by its URL's token, or else by the caller's credentials. */
    private void authorizeTransfer(HttpServletRequest req, Repo repo, String operation, String oid, long size,
                                   Action action) {
        String token = queryParameter(req, "token");
        if (token != null && keys.tokens().verify(token, repo.id(), operation, oid, size)) {
            return;
        }
        if (token != null && req.getHeader("Authorization") == null) {
            throw withChallenge(new LfsError(401, "The link has expired or is not valid; ask the batch API again"));
        }
        authorize(req, repo, action);
    }

    private static LfsError withChallenge(LfsError e) {
        challenge().forEach(e::header);
        return e;
    }

    private static Map<String, String> challenge() {
        return Map.of("LFS-Authenticate", "Basic realm=\"CSGHub\"", "WWW-Authenticate", "Basic realm=\"CSGHub\"");
    }

    static String queryParameter(HttpServletRequest req, String name) {
        String query = req.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    // ---- batch

    private void batch(HttpServletRequest req, HttpServletResponse res, Repo repo) throws IOException {
        Batch.Request request = Batch.parse(readJson(req));
        Subject subject = authorize(req, repo, request.operation() == Batch.Operation.UPLOAD ? Action.WRITE
                : Action.READ);
        String base = lfsBase(req);
        int seconds = actionSeconds.getAsInt();
        Duration ttl = Duration.ofSeconds(seconds);
        Map<String, String> header = actionHeader(req);
        LfsTokens tokens = keys.tokens();
        Batch.Response response = Batch.answer(request, new Batch.Backend() {
            @Override
            public Optional<Long> storedSize(String oid) throws IOException {
                return store.size(oid);
            }

            @Override
            public boolean linked(String oid) {
                return store.linked(repo.id(), oid);
            }

            @Override
            public void link(String oid, long size) {
                store.link(repo.id(), oid, size);
            }

            @Override
            public Map<String, Batch.Action> uploadActions(String oid, long size) {
                Map<String, Batch.Action> actions = new LinkedHashMap<>();
                actions.put("upload", new Batch.Action(base + "objects/" + oid + "/" + size + "?token="
                        + tokens.sign(repo.id(), "upload", oid, size, ttl), header, seconds));
                actions.put("verify", new Batch.Action(base + "verify/" + oid + "/" + size + "?token="
                        + tokens.sign(repo.id(), "verify", oid, size, ttl), header, seconds));
                return actions;
            }

            @Override
            public Batch.Action downloadAction(String oid, long size) throws IOException {
                Optional<URI> presigned = store.presignGet(oid, ttl, null);
                if (presigned.isPresent()) {
                    return new Batch.Action(presigned.get().toString(), null, seconds);
                }
                return new Batch.Action(base + "objects/" + oid + "?token="
                        + tokens.sign(repo.id(), "download", oid, size, ttl), header, seconds);
            }
        });
        LOG.debug("LFS batch {} {} objects in {} by {}", request.operation(), request.objects().size(), repo.path(),
                subject.getName());
        writeJson(res, 200, response);
    }

    /** The caller's own credentials, for clients that apply the action's header map (git-lfs). */
    private static Map<String, String> actionHeader(HttpServletRequest req) {
        String authorization = req.getHeader("Authorization");
        return authorization == null ? null : Map.of("Authorization", authorization);
    }

    /** The absolute URL of {@code .../info/lfs/}, as the client reached it (through a proxy, as forwarded). */
    static String lfsBase(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String path = uri.substring(0, uri.indexOf("/info/lfs/") + "/info/lfs/".length());
        String proto = firstForwarded(req.getHeader("X-Forwarded-Proto"));
        String host = firstForwarded(req.getHeader("X-Forwarded-Host"));
        String scheme = proto != null ? proto : req.getScheme();
        if (host == null) {
            host = req.getHeader("Host");
        }
        if (host == null) {
            host = req.getServerName() + ":" + req.getServerPort();
        }
        return scheme + "://" + host + path;
    }

    private static String firstForwarded(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.split(",")[0].trim();
    }

    // ---- transfers

    private void upload(HttpServletRequest req, HttpServletResponse res, Repo repo, String oid, long size)
            throws IOException {
        authorizeTransfer(req, repo, "upload", oid, size, Action.WRITE);
        long declared = req.getContentLengthLong();
        if (declared >= 0 && declared != size) {
            throw new LfsError(422, "Content-Length " + declared + " is not the object's size " + size);
        }
        acquire();
        try (InputStream in = req.getInputStream()) {
            store.put(oid, size, in);
        } catch (ContentMismatchException e) {
            throw new LfsError(422, "Upload rejected: " + e.getMessage());
        } finally {
            transfers.release();
        }
        store.link(repo.id(), oid, size);
        res.setStatus(200);
        res.setContentLength(0);
    }

    private void acquire() {
        if (!transfers.tryAcquire()) {
            throw new LfsError(429, "Too many transfers at once, retry shortly").header("Retry-After", "2");
        }
    }

    private void download(HttpServletRequest req, HttpServletResponse res, Repo repo, String oid) throws IOException {
        Optional<Long> stored = store.size(oid);
        if (stored.isEmpty()) {
            throw new LfsError(404, "Object does not exist");
        }
        long size = stored.get();
        authorizeTransfer(req, repo, "download", oid, size, Action.READ);
        if (!store.linked(repo.id(), oid)) {
            throw new LfsError(404, "Object does not exist");
        }
        ByteRange range = ByteRange.parse(req.getHeader("Range"), size);
        if (range == ByteRange.UNSATISFIABLE) {
            res.setStatus(416);
            res.setHeader("Content-Range", "bytes */" + size);
            res.setContentLength(0);
            return;
        }
        res.setContentType("application/octet-stream");
        res.setHeader("Accept-Ranges", "bytes");
        res.setHeader("ETag", "\"" + oid + "\"");
        if (range != null) {
            res.setStatus(206);
            res.setHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        } else {
            res.setStatus(200);
            range = new ByteRange(0, size - 1);
        }
        long length = size == 0 ? 0 : range.last() - range.first() + 1;
        res.setContentLengthLong(length);
        if (req.getMethod().equals("HEAD") || length == 0) {
            return;
        }
        acquire();
        try (InputStream in = store.open(oid, range.first(), length)) {
            res.setBufferSize(BUFFER);
            OutputStream out = res.getOutputStream();
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } finally {
            transfers.release();
        }
    }


    private void verify(HttpServletRequest req, HttpServletResponse res, Repo repo, String oid, long size)
            throws IOException {
        authorizeTransfer(req, repo, "verify", oid, size, Action.WRITE);
        JsonNode body = readJson(req);
        if (body != null && body.has("oid") && !oid.equals(body.path("oid").asText())) {
            throw new LfsError(422, "The body names another object");
        }
        Optional<Long> stored = store.size(oid);
        if (stored.isEmpty()) {
            throw new LfsError(404, "Object " + oid + " was not uploaded");
        }
        if (stored.get() != size) {
            throw new LfsError(422, "Object " + oid + " has " + stored.get() + " bytes, not " + size);
        }
        store.link(repo.id(), oid, size);
        writeJson(res, 200, Map.of("oid", oid, "size", size));
    }

    // ---- locks

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LockJson(String id, String path, @JsonProperty("locked_at") String lockedAt, Map<String, String> owner) {
        static LockJson of(LfsLocks.Lock lock) {
            return new LockJson(Long.toString(lock.id()), lock.path(),
                    DateTimeFormatter.ISO_INSTANT.format(lock.lockedAt().truncatedTo(ChronoUnit.SECONDS)),
                    Map.of("name", lock.ownerName()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LockList(List<LockJson> locks, @JsonProperty("next_cursor") String nextCursor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LockVerify(List<LockJson> ours, List<LockJson> theirs, @JsonProperty("next_cursor") String nextCursor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LockAnswer(LockJson lock, String message) {
    }

    private void createLock(HttpServletRequest req, HttpServletResponse res, Repo repo) throws IOException {
        JsonNode body = readJson(req);
        Subject subject = authorize(req, repo, Action.WRITE);
        String path = body == null ? null : body.path("path").asText(null);
        if (!LockRules.validPath(path)) {
            throw new LfsError(422, "path must be a relative file path in the repository");
        }
        String ref = body.path("ref").path("name").asText(null);
        LfsLocks.Created created = locks.create(repo.id(), path, ref, subject.userId(), subject.getName());
        if (!created.created()) {
            writeJson(res, 409, new LockAnswer(LockJson.of(created.lock()), "already created lock"));
            return;
        }
        writeJson(res, 201, new LockAnswer(LockJson.of(created.lock()), null));
    }

    private void listLocks(HttpServletRequest req, HttpServletResponse res, Repo repo) throws IOException {
        authorize(req, repo, Action.READ);
        String id = queryParameter(req, "id");
        Long lockId = null;
        if (id != null && !id.isEmpty()) {
            try {
                lockId = Long.parseLong(id);
            } catch (NumberFormatException e) {
                writeJson(res, 200, new LockList(List.of(), null));
                return;
            }
        }
        String path = queryParameter(req, "path");
        LfsLocks.Page page = locks.list(repo.id(), path == null || path.isEmpty() ? null : path, lockId,
                queryParameter(req, "cursor"), limit(queryParameter(req, "limit")));
        writeJson(res, 200, new LockList(page.locks().stream().map(LockJson::of).toList(), page.nextCursor()));
    }

    private void verifyLocks(HttpServletRequest req, HttpServletResponse res, Repo repo) throws IOException {
        JsonNode body = readJson(req);
        Subject subject = authorize(req, repo, Action.WRITE);
        String cursor = body == null ? null : body.path("cursor").asText(null);
        String limit = body == null || !body.has("limit") ? null : body.path("limit").asText();
        LfsLocks.Page page = locks.list(repo.id(), null, null, cursor, limit(limit));
        List<LockJson> ours = new ArrayList<>();
        List<LockJson> theirs = new ArrayList<>();
        for (LfsLocks.Lock lock : page.locks()) {
            (LockRules.ours(lock, subject) ? ours : theirs).add(LockJson.of(lock));
        }
        writeJson(res, 200, new LockVerify(ours, theirs, page.nextCursor()));
    }

    private void unlock(HttpServletRequest req, HttpServletResponse res, Repo repo, long id) throws IOException {
        JsonNode body = readJson(req);
        Subject subject = authorize(req, repo, Action.WRITE);
        boolean force = body != null && body.path("force").asBoolean(false);
        LfsLocks.Lock lock = locks.byId(repo.id(), id).orElseThrow(() -> new LfsError(404, "No lock " + id));
        boolean admin = subject.siteAdmin() || callers.can(subject, Action.ADMIN, repo);
        switch (LockRules.unlock(LockRules.ours(lock, subject), force, admin)) {
            case NOT_OWNER -> throw new LfsError(403, "The lock belongs to " + lock.ownerName()
                    + "; unlock with --force if you administer " + repo.path());
            case NEEDS_ADMIN -> throw new LfsError(403, "Only administrators of " + repo.path()
                    + " may break another user's lock");
            case ALLOWED -> {
                locks.delete(id);
                writeJson(res, 200, new LockAnswer(LockJson.of(lock), null));
            }
        }
    }

    static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            return Math.max(1, Math.min(1000, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            throw new LfsError(422, "limit must be a number");
        }
    }

    // ---- JSON

    private JsonNode readJson(HttpServletRequest req) throws IOException {
        long length = req.getContentLengthLong();
        if (length > MAX_JSON_BYTES) {
            throw new LfsError(413, "Request body too large");
        }
        byte[] bytes = req.getInputStream().readNBytes(MAX_JSON_BYTES + 1);
        if (bytes.length > MAX_JSON_BYTES) {
            throw new LfsError(413, "Request body too large");
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new LfsError(422, "The body is not valid JSON");
        }
    }

    private void writeJson(HttpServletResponse res, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        res.setStatus(status);
        res.setContentType(MEDIA_TYPE);
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    private void error(HttpServletRequest req, HttpServletResponse res, int status, String message,
                       Map<String, String> headers) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.reset();
        headers.forEach(res::setHeader);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        String id = req.getHeader(RequestIds.HEADER);
        if (id != null) {
            body.put("request_id", id);
            res.setHeader(RequestIds.HEADER, id);
        }
        writeJson(res, status, body);
    }

    /** Seconds since the epoch as RFC 3339, for logs. */
    static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static boolean isOid(String oid) {
        return LfsPointers.isOid(oid);
    }
}
