package org.csghub.repo.git.internal.lfs;

import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Git LFS file locks in {@code lfs_lock}: at most one per (repository, path), enforced by the database. */
@Component(service = LfsLocks.class)
public class LfsLocks {

    /** A lock as stored. */
    public record Lock(long id, long repoId, String path, String ref, long ownerId, String ownerName, Instant lockedAt) {
    }

    /** The created lock, or the one that already held the path. */
    public record Created(Lock lock, boolean created) {
    }

    /** One page of locks, and the cursor of the next page ({@code null} on the last). */
    public record Page(List<Lock> locks, String nextCursor) {
    }

    private final Transactions tx;

    @Activate
    public LfsLocks(@Reference Transactions tx) {
        this.tx = tx;
    }

    public Created create(long repoId, String path, String ref, long ownerId, String ownerName) {
        Optional<Lock> existing = byPath(repoId, path);
        if (existing.isPresent()) {
            return new Created(existing.get(), false);
        }
        try {
            Lock lock = tx.inTransaction(em -> {
                LfsLockRecord r = new LfsLockRecord();
                r.repoId = repoId;
                r.path = path;
                r.ref = ref;
                r.ownerId = ownerId;
                r.ownerName = ownerName;
                r.lockedAt = Instant.now();
                em.persist(r);
                em.flush();
                return r.toLock();
            });
            return new Created(lock, true);
        } catch (PersistenceException raced) {
            return byPath(repoId, path).map(l -> new Created(l, false)).orElseThrow(() -> raced);
        }
    }

    public Optional<Lock> byPath(long repoId, String path) {
        return tx.readOnly(em -> em.createQuery("select l from LfsLockRecord l where l.repoId = :r and l.path = :p",
                        LfsLockRecord.class).setParameter("r", repoId).setParameter("p", path).getResultStream()
                .findFirst().map(LfsLockRecord::toLock));
    }

    public Optional<Lock> byId(long repoId, long id) {
        return tx.readOnly(em -> Optional.ofNullable(em.find(LfsLockRecord.class, id))
                .filter(r -> r.repoId == repoId).map(LfsLockRecord::toLock));
    }

    /** Locks in id order from {@code cursor} (an id, inclusive), optionally only the one at {@code path} or with {@code id}. */
    public Page list(long repoId, String path, Long id, String cursor, int limit) {
        long from = parseCursor(cursor);
        List<Lock> rows = tx.readOnly(em -> {
            var q = em.createQuery("select l from LfsLockRecord l where l.repoId = :r and l.id >= :from"
                    + (path != null ? " and l.path = :p" : "") + (id != null ? " and l.id = :id" : "")
                    + " order by l.id", LfsLockRecord.class).setParameter("r", repoId).setParameter("from", from);
            if (path != null) {
                q.setParameter("p", path);
            }
            if (id != null) {
                q.setParameter("id", id);
            }
            return q.setMaxResults(limit + 1).getResultStream().map(LfsLockRecord::toLock).toList();
        });
        return page(rows, limit);
    }

    static Page page(List<Lock> rows, int limit) {
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        return new Page(rows.subList(0, limit), Long.toString(rows.get(limit).id()));
    }

    static long parseCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(cursor.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad cursor");
        }
    }

    public boolean delete(long id) {
        return tx.inTransaction(em -> em.createQuery("delete from LfsLockRecord l where l.id = :id")
                .setParameter("id", id).executeUpdate() > 0);
    }
}
