package org.csghub.repo.git.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.csghub.repo.api.RepoContent.LfsPointer;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushRulesTest {

    private static final String STORED = "1".repeat(64);
    private static final String MISSING = "2".repeat(64);

    @TempDir
    File dir;
    private Repository git;

    @BeforeEach
    void create() throws Exception {
        git = new FileRepositoryBuilder().setGitDir(new File(dir, "r.git")).setBare().build();
        git.create(true);
    }

    @AfterEach
    void close() {
        git.close();
    }

    private ObjectId commit(Map<String, byte[]> files, ObjectId parent) throws Exception {
        try (ObjectInserter ins = git.newObjectInserter()) {
            TreeFormatter tree = new TreeFormatter();
            files.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                try {
                    tree.append(e.getKey(), FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, e.getValue()));
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            CommitBuilder c = new CommitBuilder();
            c.setTreeId(ins.insert(tree));
            if (parent != null) {
                c.setParentId(parent);
            }
            PersonIdent who = new PersonIdent("t", "t@example.com");
            c.setAuthor(who);
            c.setCommitter(who);
            c.setMessage("m");
            ObjectId id = ins.insert(c);
            ins.flush();
            return id;
        }
    }

    private PushRules.Verdict push(ObjectId newId, long limit) throws Exception {
        ReceiveCommand cmd = new ReceiveCommand(ObjectId.zeroId(), newId, "refs/heads/main");
        List<Ref> existing = git.getRefDatabase().getRefs();
        return PushRules.check(git, List.of(cmd), existing, limit,
                oid -> oid.equals(STORED) ? Optional.of(5L) : Optional.empty());
    }

    private static byte[] pointer(String oid, long size) {
        return org.csghub.repo.git.internal.LfsPointers.write(new LfsPointer(oid, size));
    }

    @Test
    void smallFilesAndStoredPointersPass() throws Exception {
        ObjectId c = commit(Map.of("README.md", "hi".getBytes(StandardCharsets.UTF_8), "w.bin", pointer(STORED, 5)), null);
        PushRules.Verdict v = push(c, 1000);
        assertThat(v.accepted()).isTrue();
        assertThat(v.pointers()).containsOnlyKeys(STORED);
    }

    @Test
    void aLargeNonLfsFileIsRefusedWithTheFix() throws Exception {
        ObjectId c = commit(Map.of("data/model.safetensors", new byte[2000]), null);
        PushRules.Verdict v = push(c, 1000);
        assertThat(v.accepted()).isFalse();
        assertThat(v.problems().get(0)).contains("data/model.safetensors").contains("git lfs track \"*.safetensors\"");
    }

    @Test
    void aPointerWhoseObjectIsMissingIsRefused() throws Exception {
        ObjectId c = commit(Map.of("w.bin", pointer(MISSING, 9)), null);
        PushRules.Verdict v = push(c, 1000);
        assertThat(v.problems()).singleElement().asString().contains(MISSING).contains("git lfs push --all");
        ObjectId wrongSize = commit(Map.of("w.bin", pointer(STORED, 6)), null);
        assertThat(push(wrongSize, 1000).accepted()).isFalse();
    }

    @Test
    void onlyNewObjectsAreChecked() throws Exception {
        ObjectId first = commit(Map.of("big.bin", new byte[2000]), null);
        RefUpdate u = git.updateRef("refs/heads/main");
        u.setNewObjectId(first);
        u.forceUpdate();
        ObjectId second = commit(Map.of("big.bin", new byte[2000], "small.txt", new byte[10]), first);
        ReceiveCommand cmd = new ReceiveCommand(first, second, "refs/heads/main");
        PushRules.Verdict v = PushRules.check(git, List.of(cmd), git.getRefDatabase().getRefs(), 1000,
                oid -> Optional.empty());
        assertThat(v.accepted()).as("big.bin was already there").isTrue();
    }

    @Test
    void refNames() {
        assertThat(PushRules.validRefName("refs/heads/main")).isTrue();
        assertThat(PushRules.validRefName("refs/heads/feature/x")).isTrue();
        assertThat(PushRules.validRefName("refs/tags/v1.0")).isTrue();
        assertThat(PushRules.validRefName("refs/heads/")).isFalse();
        assertThat(PushRules.validRefName("refs/pull/1/head")).isFalse();
        assertThat(PushRules.validRefName("refs/heads/a..b")).isFalse();
        assertThat(PushRules.validRefName("HEAD")).isFalse();
        assertThat(PushRules.pattern("a/b/model.bin")).isEqualTo("*.bin");
        assertThat(PushRules.pattern("Makefile")).isEqualTo("Makefile");
    }
}
