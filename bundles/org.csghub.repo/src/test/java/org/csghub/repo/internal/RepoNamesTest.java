package org.csghub.repo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.csghub.rest.ApiException;
import org.junit.jupiter.api.Test;

class RepoNamesTest {

    @Test
    void acceptsPlainNames() {
        assertEquals("Qwen2.5-0.5B_Instruct", RepoNames.valid("name", "Qwen2.5-0.5B_Instruct"));
        assertEquals("feature/x", RepoNames.branch("feature/x"));
        assertEquals("main", RepoNames.branch(null));
    }

    @Test
    void refusesWhatWouldBreakUrlsOrPaths() {
        for (String bad : new String[] {"", "../x", "a/b", "x.git", "-x", "x-", "a..b", "na me", "ü", "a".repeat(101)}) {
            ApiException e = assertThrows(ApiException.class, () -> RepoNames.valid("name", bad), bad);
            assertEquals(400, e.status());
        }
        for (String bad : new String[] {"a..b", "/x", "x/", "a//b", "x.lock", "-x", "a b", "x."}) {
            assertThrows(ApiException.class, () -> RepoNames.branch(bad), bad);
        }
    }
}
