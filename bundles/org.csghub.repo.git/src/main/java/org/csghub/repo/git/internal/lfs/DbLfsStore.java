package org.csghub.repo.git.internal.lfs;

import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.csghub.persistence.api.Transactions;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.git.internal.LfsPointers;
import org.csghub.rest.ApiException;
import org.csghub.storage.api.ContentMismatchException;
import org.csghub.storage.api.ObjectStore;
import org.csghub.storage.api.StoredObject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * LFS objects in the {@link ObjectStore} under {@code lfs/<oid[0:2]>/<oid[2:4]>/<oid>}, one copy per oid for all
 * repositories; {@code lfs_object} and {@code lfs_repo_object} record what is stored and who references it.
 * The store is the truth about content (it checks digest and size while writing); the tables say which
 * repository may serve which object and add up repository sizes.
 */
@Component(service = {LfsStore.class, DbLfsStore.class})
public class DbLfsStore implements LfsStore {

    static final int BUFFER = 1 << 20;

    private final Transactions tx;
    /**
     * Dynamic and optional, not a constructor argument: a store that is reconfigured (new S3 settings) or
     * missing must not take Git down with it. Clones and pushes without LFS go on; LFS answers 503 meanwhile.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ObjectStore objectStore;

    @Activate
    public DbLfsStore(@Reference Transactions tx) {
        this.tx = tx;
    }

    private ObjectStore store() {
        ObjectStore store = objectStore;
        if (store == null) {
            throw new ApiException(503, "unavailable", "No object storage is configured for Git LFS");
        }
        return store;
    }

    static String key(String oid) {
        if (!LfsPointers.isOid(oid)) {
            throw new IllegalArgumentException("not a sha256 oid: " + oid);
        }
        return "lfs/" + oid.substring(0, 2) + "/" + oid.substring(2, 4) + "/" + oid;
    }

    @Override
    public Optional<Long> size(String oid) throws IOException {
        return store().stat(key(oid)).map(StoredObject::size);
    }

    @Override
    public void put(String oid, long size, InputStream content) throws IOException {
        String key = key(oid);
        Optional<StoredObject> existing = store().stat(key);
        if (existing.isPresent() && existing.get().size() == size) {
            drainAndCheck(oid, size, content);
        } else {
            store().put(key, content, size, oid);
        }
        record(oid, size);
    }

    /** An object already stored is not written again, but what was sent must still be what was announced. */
    private static void drainAndCheck(String oid, long size, InputStream content) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[BUFFER];
        long total = 0;
        try (DigestInputStream in = new DigestInputStream(content, sha)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > size) {
                    throw new ContentMismatchException("more than the announced " + size + " bytes were sent");
                }
            }
        }
        if (total != size) {
            throw new ContentMismatchException("expected " + size + " bytes, got " + total);
        }
        String got = HexFormat.of().formatHex(sha.digest());
        if (!got.equals(oid)) {
            throw new ContentMismatchException("content has sha256 " + got + ", not " + oid);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(String oid, long size) {
        try {
            tx.run(em -> {
                if (em.find(LfsObjectRecord.class, oid) == null) {
                    LfsObjectRecord r = new LfsObjectRecord();
                    r.oid = oid;
                    r.size = size;
                    r.createdAt = Instant.now();
                    em.persist(r);
                }
            });
        } catch (PersistenceException concurrentInsert) {
            // another request (or replica) recorded the same object at the same moment: the row exists
        }
    }

    @Override
    public void link(long repoId, String oid, long size) {
        key(oid);
        record(oid, size);
        try {
            tx.run(em -> {
                if (em.find(LfsRepoObjectRecord.class, new LfsRepoObjectRecord.Key(repoId, oid)) == null) {
                    LfsRepoObjectRecord r = new LfsRepoObjectRecord();
                    r.repoId = repoId;
                    r.oid = oid;
                    r.createdAt = Instant.now();
                    em.persist(r);
                }
            });
        } catch (PersistenceException concurrentInsert) {
            // linked by a concurrent push or upload of the same object: the row exists
        }
    }

    @Override
    public boolean linked(long repoId, String oid) {
        return tx.readOnly(em -> em.find(LfsRepoObjectRecord.class, new LfsRepoObjectRecord.Key(repoId, oid)) != null);
    }

    /** The total size of the LFS objects the repository references. */
    public long repoBytes(long repoId) {
        return tx.readOnly(em -> ((Number) em.createNativeQuery(
                "select coalesce(sum(o.size), 0) from lfs_repo_object r join lfs_object o on o.oid = r.oid"
                        + " where r.repo_id = ?1").setParameter(1, repoId).getSingleResult()).longValue());
    }

    @Override
    public InputStream open(String oid, long offset, long length) throws IOException {
        return store().open(key(oid), offset, length);
    }

    @Override
    public Optional<URI> presignGet(String oid, Duration ttl, String downloadName) throws IOException {
        return store().presignGet(key(oid), ttl, downloadName);
    }
}
