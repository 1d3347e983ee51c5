package org.csghub.repo.git.internal.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.csghub.rest.ApiException;
import org.junit.jupiter.api.Test;

class RepoPathsTest {

    @Test
    void plainPathsPass() {
        assertEquals("a/b.txt", RepoPaths.file("a/b.txt"));
        assertEquals("模型/权重.bin", RepoPaths.file("模型/权重.bin"));
        assertEquals(".gitattributes", RepoPaths.file(".gitattributes"));
        assertEquals("", RepoPaths.dir("/"));
        assertEquals("src", RepoPaths.dir("src/"));
        assertEquals("feature/x", RepoPaths.branch("feature/x"));
    }

    @Test
    void traversalAbsoluteGitAndControlCharactersAre422() {
        for (String bad : new String[] {"../x", "a/../b", "/etc/passwd", "a//b", "./a", "a/.", ".git/config",
                "a/.GIT/hooks", "a\\b", "nul\u0000", "tab\there", "a/", "", "x".repeat(1025), "\uD800bad"}) {
            ApiException e = assertThrows(ApiException.class, () -> RepoPaths.file(bad), bad);
            assertEquals(422, e.status(), bad);
        }
        for (String bad : new String[] {"a..b", "x.lock", "-x", "a b", "a~1", "a:b", "@{x}", ""}) {
            assertThrows(ApiException.class, () -> RepoPaths.branch(bad), bad);
        }
    }
}
