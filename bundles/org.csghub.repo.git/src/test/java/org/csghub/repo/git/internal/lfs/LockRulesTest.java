package org.csghub.repo.git.internal.lfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.junit.jupiter.api.Test;

class LockRulesTest {

    private static Subject user(long id, String name) {
        return new Subject(id, name, null, false, Scope.ALL, null, null, null);
    }

    @Test
    void ownLocksAreUnlockedWithOrWithoutForce() {
        assertThat(LockRules.unlock(true, false, false)).isEqualTo(LockRules.Unlock.ALLOWED);
        assertThat(LockRules.unlock(true, true, false)).isEqualTo(LockRules.Unlock.ALLOWED);
    }

    @Test
    void othersLocksNeedForceAndAdministration() {
        assertThat(LockRules.unlock(false, false, true)).isEqualTo(LockRules.Unlock.NOT_OWNER);
        assertThat(LockRules.unlock(false, false, false)).isEqualTo(LockRules.Unlock.NOT_OWNER);
        assertThat(LockRules.unlock(false, true, false)).isEqualTo(LockRules.Unlock.NEEDS_ADMIN);
        assertThat(LockRules.unlock(false, true, true)).isEqualTo(LockRules.Unlock.ALLOWED);
    }

    @Test
    void ownershipIsByUserId() {
        LfsLocks.Lock lock = new LfsLocks.Lock(1, 9, "a.bin", null, 5, "alice", Instant.now());
        assertThat(LockRules.ours(lock, user(5, "alice"))).isTrue();
        assertThat(LockRules.ours(lock, user(5, "alice-renamed"))).isTrue();
        assertThat(LockRules.ours(lock, user(6, "alice"))).isFalse();
        Subject orgKey = new Subject(0, null, "acme", false, Set.of(Scope.values()), 3L, null, null);
        assertThat(LockRules.ours(lock, orgKey)).isFalse();
        LfsLocks.Lock byKey = new LfsLocks.Lock(2, 9, "b.bin", null, 0, "org:acme", Instant.now());
        assertThat(LockRules.ours(byKey, orgKey)).isTrue();
        assertThat(LockRules.ours(byKey, new Subject(0, null, "other", false, Set.of(), 4L, null, null))).isFalse();
    }

    @Test
    void lockPathsAreRelativeAndClean() {
        assertThat(LockRules.validPath("weights/model.bin")).isTrue();
        assertThat(LockRules.validPath("a.bin")).isTrue();
        for (String bad : new String[] {null, "", "/abs", "dir/", "a//b", "../x", "a/./b", "a\\b"}) {
            assertThat(LockRules.validPath(bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void pagesCarryTheNextId() {
        var locks = java.util.List.of(lock(1), lock(2), lock(5));
        assertThat(LfsLocks.page(locks, 2).nextCursor()).isEqualTo("5");
        assertThat(LfsLocks.page(locks, 2).locks()).hasSize(2);
        assertThat(LfsLocks.page(locks, 3).nextCursor()).isNull();
        assertThat(LfsLocks.parseCursor(null)).isZero();
        assertThat(LfsLocks.parseCursor("17")).isEqualTo(17);
    }

    private static LfsLocks.Lock lock(long id) {
        return new LfsLocks.Lock(id, 1, "f" + id, null, 1, "u", Instant.EPOCH);
    }
}
