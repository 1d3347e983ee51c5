package org.csghub.dataviewer.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.csghub.accounts.api.Subject;
import org.csghub.accounts.api.Visibility;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent;
import org.csghub.rest.ApiException;

/** A one-commit repository in memory (files or LFS objects on disk), and a config with overrides. */
final class FakeRepo implements RepoContent, LfsStore {

    static final String COMMIT = "c".repeat(40);
    final Repo repo = new Repo(1, "dataset", "ns", "data", "", Visibility.PUBLIC, "main", List.of(), Map.of(),
            COMMIT, 0, 0, 0, Instant.now(), Instant.now());
    private final Map<String, Path> files = new TreeMap<>();
    private final Map<String, Path> lfsFiles = new TreeMap<>();
    final AtomicInteger opens = new AtomicInteger();

    void add(String path, Path local) {
        files.put(path, local);
    }

    void addLfs(String path, Path local) {
        lfsFiles.put(path, local);
    }

    static String sha(Path p, String alg) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(Files.readAllBytes(p)));
    }

    private Entry entryOf(String path) {
        try {
            if (lfsFiles.containsKey(path)) {
                Path p = lfsFiles.get(path);
                return new Entry(path, "file", Files.size(p), sha(p, "SHA-1"), new LfsPointer(sha(p, "SHA-256"),
                        Files.size(p)));
            }
            Path p = files.get(path);
            return new Entry(path, "file", Files.size(p), sha(p, "SHA-1"), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String resolve(Repo repo, String revision) {
        if (!revision.equals("main") && !revision.equals(COMMIT)) {
            throw ApiException.notFound("no revision " + revision);
        }
        return COMMIT;
    }

    @Override
    public TreePage tree(Repo repo, String revision, String path, boolean recursive, String cursor, int limit) {
        List<String> all = new ArrayList<>(files.keySet());
        all.addAll(lfsFiles.keySet());
        all.sort(null);
        List<Entry> page = new ArrayList<>();
        String next = null;
        for (String p : all) {
            if (cursor != null && p.compareTo(cursor) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                next = page.get(page.size() - 1).path();
                break;
            }
            page.add(entryOf(p));
        }
        return new TreePage(revision, COMMIT, page, next);
    }

    @Override
    public Optional<Entry> entry(Repo repo, String revision, String path) {
        return files.containsKey(path) || lfsFiles.containsKey(path) ? Optional.of(entryOf(path)) : Optional.empty();
    }

    @Override
    public InputStream open(Repo repo, String revision, String path) throws IOException {
        opens.incrementAndGet();
        if (lfsFiles.containsKey(path)) {
            return new ByteArrayInputStream("version https://git-lfs.github.com/spec/v1\n".getBytes());
        }
        return Files.newInputStream(files.get(path));
    }

    @Override
    public InputStream open(String oid, long offset, long length) throws IOException {
        opens.incrementAndGet();
        for (Path p : lfsFiles.values()) {
            try {
                if (sha(p, "SHA-256").equals(oid)) {
                    return Files.newInputStream(p);
                }
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        throw new IOException("no LFS object " + oid);
    }

    static DataViewerConfig config(Path cacheDir, Map<String, Object> overrides) {
        return (DataViewerConfig) Proxy.newProxyInstance(DataViewerConfig.class.getClassLoader(),
                new Class<?>[] {DataViewerConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("cacheDir")) {
                        return cacheDir.toString();
                    }
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    return method.getDefaultValue();
                });
    }

    // ---- not used by the viewer

    @Override
    public List<Ref> branches(Repo repo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Ref> tags(Repo repo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CommitInfo> log(Repo repo, String revision, String path, int offset, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CommitDetail commit(Repo repo, String revision) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CommitInfo commit(Repo repo, CommitRequest request, Subject author) {
        throw new UnsupportedOperationException();
    }

    @Override
    public java.util.Set<String> lfsPaths(Repo repo, String branch, java.util.Map<String, Long> sizes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Long> size(String oid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void put(String oid, long size, InputStream content) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void link(long repoId, String oid, long size) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long repoBytes(long repoId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean linked(long repoId, String oid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<URI> presignGet(String oid, Duration ttl, String downloadName) {
        throw new UnsupportedOperationException();
    }
}
