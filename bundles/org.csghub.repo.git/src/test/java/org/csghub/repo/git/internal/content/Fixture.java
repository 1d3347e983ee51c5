package org.csghub.repo.git.internal.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.csghub.accounts.api.Subject;
import org.csghub.accounts.api.Visibility;
import org.csghub.repo.api.ContentUpdate;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent.CommitInfo;
import org.csghub.repo.api.RepoContent.CommitRequest;
import org.csghub.repo.api.RepoContent.FileOp;
import org.csghub.repo.api.Repositories;
import org.csghub.repo.git.internal.ChangeNotifier;
import org.csghub.repo.git.internal.GitConfig;
import org.csghub.repo.git.internal.GitRepos;

/** A {@link GitContent} over a temporary directory, an in-memory LFS store and a registry that records updates. */
final class Fixture {

    final GitRepos repos;
    final MemoryLfs lfs = new MemoryLfs();
    final List<ContentUpdate> updates = new ArrayList<>();
    final GitContent content;
    final Subject alice = new Subject(7, "alice", null, false, Set.of(), null, null, null);

    Fixture(Path dir, long maxNonLfs, long maxArchive) {
        repos = new GitRepos(gitConfig(dir.resolve("git").toString(), maxNonLfs, maxArchive));
        ChangeNotifier notifier = new ChangeNotifier(recordingRegistry(), repos);
        content = new GitContent(repos, lfs, notifier, contentConfig());
    }

    Repo repo(long id) {
        return new Repo(id, "model", "alice", "repo" + id, "", Visibility.PUBLIC, "main", List.of(), Map.of(), null, 0,
                0, 0, Instant.now(), Instant.now());
    }

    static FileOp create(String path, String text) {
        return new FileOp("create", path, text.getBytes(StandardCharsets.UTF_8), null, null);
    }

    static FileOp update(String path, String text) {
        return new FileOp("update", path, text.getBytes(StandardCharsets.UTF_8), null, null);
    }

    static FileOp delete(String path) {
        return new FileOp("delete", path, null, null, null);
    }

    static FileOp move(String from, String to) {
        return new FileOp("move", to, null, null, from);
    }

    CommitInfo commit(Repo repo, String branch, String message, FileOp... ops) throws IOException {
        return content.commit(repo, new CommitRequest(branch, message, null, List.of(ops)), alice);
    }

    String read(Repo repo, String rev, String path) throws IOException {
        try (InputStream in = content.open(repo, rev, path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static GitConfig gitConfig(String dataDir, long maxNonLfs, long maxArchive) {
        return new GitConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GitConfig.class;
            }

            @Override
            public String dataDir() {
                return dataDir;
            }

            @Override
            public long maxNonLfsFileBytes() {
                return maxNonLfs;
            }

            @Override
            public int lfsActionSeconds() {
                return 3600;
            }

            @Override
            public long maxArchiveBytes() {
                return maxArchive;
            }
        };
    }

    static ContentConfig contentConfig() {
        return new ContentConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ContentConfig.class;
            }

            @Override
            public int maxPatchBytes() {
                return 4096;
            }

            @Override
            public int maxDiffBytes() {
                return 10_000;
            }

            @Override
            public int maxDiffFiles() {
                return 50;
            }

            @Override
            public int maxDiffFileBytes() {
                return 1024 * 1024;
            }

            @Override
            public int maxOperations() {
                return 100;
            }

            @Override
            public int maxInlineTextBytes() {
                return 1024 * 1024;
            }

            @Override
            public long maxUploadBytes() {
                return 1024 * 1024 * 1024;
            }
        };
    }

    /** A registry that records what the Git side reports and knows nothing else. */
    private Repositories recordingRegistry() {
        return (Repositories) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Repositories.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("contentChanged")) {
                        updates.add((ContentUpdate) args[0]);
                    }
                    return method.getReturnType() == Optional.class ? Optional.empty() : null;
                });
    }

    /** LFS objects in memory, checked like the real store checks them. */
    static final class MemoryLfs implements LfsStore {
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        final Set<String> links = ConcurrentHashMap.newKeySet();

        @Override
        public Optional<Long> size(String oid) {
            return Optional.ofNullable(objects.get(oid)).map(b -> (long) b.length);
        }

        @Override
        public void put(String oid, long size, InputStream content) throws IOException {
            byte[] bytes = content.readAllBytes();
            if (bytes.length != size || !Committer.sha256(bytes).equals(oid)) {
                throw new IOException("content mismatch");
            }
            objects.put(oid, bytes);
        }

        @Override
        public void link(long repoId, String oid, long size) {
            links.add(repoId + ":" + oid);
        }

        @Override
        public long repoBytes(long repoId) {
            String prefix = repoId + ":";
            return links.stream().filter(l -> l.startsWith(prefix))
                    .mapToLong(l -> objects.get(l.substring(prefix.length())).length).sum();
        }

        @Override
        public boolean linked(long repoId, String oid) {
            return links.contains(repoId + ":" + oid);
        }

        @Override
        public InputStream open(String oid, long offset, long length) {
            byte[] b = objects.get(oid);
            int end = length < 0 ? b.length : (int) Math.min(b.length, offset + length);
            return new ByteArrayInputStream(Arrays.copyOfRange(b, (int) offset, end));
        }

        @Override
        public Optional<URI> presignGet(String oid, Duration ttl, String downloadName) {
            return Optional.empty();
        }
    }
}
