package org.csghub.repo.git.internal.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.csghub.repo.git.internal.content.Fixture.create;
import static org.csghub.repo.git.internal.content.Fixture.delete;
import static org.csghub.repo.git.internal.content.Fixture.move;
import static org.csghub.repo.git.internal.content.Fixture.update;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent.CommitDetail;
import org.csghub.repo.api.RepoContent.CommitInfo;
import org.csghub.repo.api.RepoContent.CommitRequest;
import org.csghub.repo.api.RepoContent.Entry;
import org.csghub.repo.api.RepoContent.FileChange;
import org.csghub.repo.api.RepoContent.FileOp;
import org.csghub.repo.api.RepoContent.LfsPointer;
import org.csghub.repo.api.RepoContent.TreePage;
import org.csghub.rest.ApiException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RefUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitContentTest {

    @TempDir
    Path tmp;

    Fixture f;
    Repo repo;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp, 100, 10_000);
        repo = f.repo(1);
    }

    @Test
    void emptyRepositoryGetsItsFirstCommitOnTheBranch() throws IOException {
        assertThat(f.content.isEmpty(repo)).isTrue();
        assertThat(f.content.branches(repo)).isEmpty();
        CommitInfo c = f.commit(repo, "main", "first", create("README.md", "# hi\n"));
        assertThat(c.parents()).isEmpty();
        assertThat(c.author().name()).isEqualTo("alice");
        assertThat(f.content.branches(repo)).extracting(r -> r.name() + "@" + r.commit()).containsExactly("main@" + c.id());
        assertThat(f.read(repo, "main", "README.md")).isEqualTo("# hi\n");
        assertThat(f.updates).hasSize(1);
        assertThat(f.updates.get(0).newCommit()).isEqualTo(c.id());
        assertThat(f.updates.get(0).oldCommit()).isNull();
        assertThat(f.updates.get(0).readme()).isEqualTo("# hi\n");
        assertThat(f.updates.get(0).ref()).isEqualTo("refs/heads/main");
    }

    @Test
    void resolvesBranchesWithSlashesTagsAndAbbreviatedIds() throws IOException {
        CommitInfo first = f.commit(repo, "main", "first", create("a.txt", "a"));
        CommitInfo feature = f.content.commit(repo, new CommitRequest("feature/x", "on a branch", first.id(),
                List.of(create("b.txt", "b"))), f.alice);
        assertThat(feature.parents()).containsExactly(first.id());
        try (Repository git = f.repos.open(repo)) {
            RefUpdate tag = git.updateRef("refs/tags/v1");
            tag.setNewObjectId(ObjectId.fromString(first.id()));
            tag.update();
        }
        assertThat(f.content.resolve(repo, "main")).isEqualTo(first.id());
        assertThat(f.content.resolve(repo, "feature/x")).isEqualTo(feature.id());
        assertThat(f.content.resolve(repo, "refs/heads/feature/x")).isEqualTo(feature.id());
        assertThat(f.content.resolve(repo, "v1")).isEqualTo(first.id());
        assertThat(f.content.resolve(repo, feature.id())).isEqualTo(feature.id());
        assertThat(f.content.resolve(repo, feature.id().substring(0, 8))).isEqualTo(feature.id());
        assertThat(f.content.tags(repo)).extracting(r -> r.name()).containsExactly("v1");
        assertThat(f.content.branches(repo)).extracting(r -> r.name()).containsExactly("feature/x", "main");
        assertThat(f.read(repo, "feature/x", "b.txt")).isEqualTo("b");
        assertThat(f.content.entry(repo, "main", "b.txt")).isEmpty();

        assertStatus(() -> f.content.resolve(repo, "nope"), 404, "nope");
        assertStatus(() -> f.content.resolve(repo, "0000000"), 404, "0000000");
        assertStatus(() -> f.content.resolve(repo, "main~1"), 422, "main~1");
        assertStatus(() -> f.content.resolve(repo, "main@{1}"), 422, "main@{1}");
        assertStatus(() -> f.content.tree(repo, "main", "missing", false, null, 10), 404, "missing");
    }

    @Test
    void logIsNewestFirstPagedAndFilteredByPath() throws IOException {
        List<String> ids = new ArrayList<>();
        ids.add(f.commit(repo, "main", "c0", create("docs/a.md", "0")).id());
        for (int i = 1; i < 7; i++) {
            FileOp op = i % 2 == 0 ? update("docs/a.md", "" + i) : create("f" + i + ".txt", "" + i);
            ids.add(f.commit(repo, "main", "c" + i, op).id());
        }
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(f.content.log(repo, "main", null, 0, 3)).extracting(CommitInfo::id)
                .containsExactlyElementsOf(newestFirst.subList(0, 3));
        assertThat(f.content.log(repo, "main", null, 3, 3)).extracting(CommitInfo::id)
                .containsExactlyElementsOf(newestFirst.subList(3, 6));
        assertThat(f.content.log(repo, "main", null, 6, 3)).extracting(CommitInfo::id).containsExactly(ids.get(0));
        assertThat(f.content.log(repo, "main", "docs", 0, 10)).extracting(CommitInfo::message)
                .containsExactly("c6\n", "c4\n", "c2\n", "c0\n");
        assertThat(f.content.log(repo, "main", "docs/a.md", 1, 2)).extracting(CommitInfo::message)
                .containsExactly("c4\n", "c2\n");
    }

    @Test
    void commitDetailHasBoundedPatchesAndFlagsBinaries() throws IOException {
        CommitInfo root = f.commit(repo, "main", "root", create("a.txt", "one\ntwo\n"));
        CommitDetail first = f.content.commit(repo, root.id());
        assertThat(first.files()).singleElement().satisfies(c -> {
            assertThat(c.change()).isEqualTo("add");
            assertThat(c.oldPath()).isNull();
            assertThat(c.patch()).contains("+one").contains("+two");
        });

        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            big.append("line ").append(i).append('\n');
        }
        byte[] binary = {0, 1, 2, 3, 0, 5};
        CommitInfo second = f.content.commit(repo, new CommitRequest("main", "more", root.id(), List.of(
                update("a.txt", "one\nTWO\n"),
                new FileOp("create", "bin.dat", binary, null, null),
                create("big.txt", big.toString().substring(0, 90)))), f.alice);
        CommitDetail detail = f.content.commit(repo, second.id());
        assertThat(detail.commit().parents()).containsExactly(root.id());
        Map<String, FileChange> byPath = new LinkedHashMap<>();
        detail.files().forEach(c -> byPath.put(c.newPath(), c));
        assertThat(byPath.get("a.txt").change()).isEqualTo("modify");
        assertThat(byPath.get("a.txt").patch()).contains("-two").contains("+TWO");
        assertThat(byPath.get("bin.dat").binary()).isTrue();
        assertThat(byPath.get("bin.dat").patch()).isNull();
        assertThat(detail.truncated()).isFalse();

        // a patch beyond maxPatchBytes (4096 in the fixture) is cut and flagged; rename detection keeps the pair
        Fixture roomy = new Fixture(tmp.resolve("roomy"), 1024 * 1024, 10_000_000);
        Repo r2 = roomy.repo(2);
        roomy.commit(r2, "main", "base", create("keep.txt", "x\n"));
        CommitInfo huge = roomy.commit(r2, "main", "huge", create("big.txt", big.toString()));
        FileChange cut = roomy.content.commit(r2, huge.id()).files().get(0);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.patch().length()).isLessThanOrEqualTo(4096);
        CommitInfo renamed = roomy.commit(r2, "main", "rename", move("big.txt", "moved/big.txt"));
        FileChange rename = roomy.content.commit(r2, renamed.id()).files().get(0);
        assertThat(rename.change()).isEqualTo("rename");
        assertThat(rename.oldPath()).isEqualTo("big.txt");
        assertThat(rename.newPath()).isEqualTo("moved/big.txt");
    }

    @Test
    void commitCreatesUpdatesDeletesAndMovesInOneCommit() throws IOException {
        f.commit(repo, "main", "base", create("a.txt", "a"), create("dir/b.txt", "b"), create("dir/sub/c.txt", "c"),
                create("gone.txt", "x"));
        CommitInfo c = f.commit(repo, "main", "all at once",
                update("a.txt", "A"),
                delete("gone.txt"),
                move("dir", "renamed"),
                move("a.txt", "docs/a.txt"),
                create("new.txt", "n"));
        TreePage all = f.content.tree(repo, c.id(), "", true, null, 100);
        assertThat(all.entries()).extracting(Entry::path)
                .containsExactly("docs/a.txt", "new.txt", "renamed/b.txt", "renamed/sub/c.txt");
        assertThat(f.read(repo, "main", "docs/a.txt")).isEqualTo("A");
        assertThat(f.content.log(repo, "main", null, 0, 10)).hasSize(2);

        assertStatus(() -> f.commit(repo, "main", "dup", create("new.txt", "again")), 409, "new.txt");
        assertStatus(() -> f.commit(repo, "main", "missing", update("nothere.txt", "x")), 404, "nothere.txt");
        assertStatus(() -> f.commit(repo, "main", "missing", delete("nothere.txt")), 404, "nothere.txt");
        assertStatus(() -> f.commit(repo, "main", "under a file", create("new.txt/x", "x")), 409, "new.txt");
        assertStatus(() -> f.commit(repo, "main", "onto a dir", create("renamed", "x")), 409, "renamed");
        assertStatus(() -> f.commit(repo, "main", "same", update("new.txt", "n")), 422, "unchanged");
        CommitInfo unnamed = f.commit(repo, "main", " ", create("z", "z"));
        assertThat(unnamed.message()).isEqualTo("Create z\n");
        assertStatus(() -> f.content.commit(repo, new CommitRequest("main", "m", null, List.of()), f.alice), 422,
                "operation");
        CommitInfo branched = f.content.commit(repo, new CommitRequest("other", "m", null,
                List.of(create("y", "y"))), f.alice);
        assertThat(branched.parents()).containsExactly(unnamed.id());
        // nothing of the failed commits landed
        assertThat(f.content.resolve(repo, "main")).isEqualTo(unnamed.id());
        assertThat(f.content.log(repo, "main", null, 0, 10).get(1).id()).isEqualTo(c.id());
    }

    @Test
    void staleParentCommitAndConcurrentMovesAreConflicts() throws IOException {
        CommitInfo first = f.commit(repo, "main", "first", create("a.txt", "a"));
        CommitInfo second = f.content.commit(repo, new CommitRequest("main", "second", first.id(),
                List.of(update("a.txt", "b"))), f.alice);
        assertStatus(() -> f.content.commit(repo, new CommitRequest("main", "stale", first.id(),
                List.of(update("a.txt", "c"))), f.alice), 409, "moved on");
        // an abbreviated parent is fine when it is the head
        f.content.commit(repo, new CommitRequest("main", "third", second.id().substring(0, 10),
                List.of(update("a.txt", "c"))), f.alice);
        assertThat(f.read(repo, "main", "a.txt")).isEqualTo("c");
    }

    @Test
    void badPathsAndRefNamesAreRefusedWith422NamingThem() {
        for (String bad : List.of("/etc/passwd", "../x", "a/../../x", "a/./b", ".git/config", "sub/.GIT/hooks/x",
                "a//b", "a/", "tab\there", "nul\0byte", "back\\slash", "x".repeat(300), "bad\uFFFDutf8")) {
            assertStatus(() -> f.commit(repo, "main", "bad", create(bad, "x")), 422, "Invalid path");
        }
        assertStatus(() -> PathRules.file(new byte[] {'a', (byte) 0xC3, (byte) 0x28}), 422, "UTF-8");
        assertThat(PathRules.file("模型/权重.bin".getBytes(StandardCharsets.UTF_8))).isEqualTo("模型/权重.bin");
        for (String bad : List.of("bad..name", "x y", "-x", "a.lock", "refs/heads/x", "with:colon", "end/")) {
            assertStatus(() -> f.commit(repo, bad, "bad", create("a", "x")), 422, "branch name");
        }
        assertStatus(() -> f.content.tree(repo, "main", "../etc", false, null, 10), 422, "../etc");
    }

    @Test
    void largeAndTrackedFilesGoToLfsAsPointers() throws IOException {
        byte[] large = new byte[150]; // fixture: at most 100 bytes outside LFS
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) ('a' + i % 26);
        }
        CommitInfo c = f.content.commit(repo, new CommitRequest("main", "files", null, List.of(
                new FileOp("create", "weights/model.safetensors", large, null, null),
                create(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n"),
                create("small.bin", "tiny"),
                create("small.txt", "tiny"))), f.alice);
        String largeOid = Committer.sha256(large);
        Entry weights = f.content.entry(repo, c.id(), "weights/model.safetensors").orElseThrow();
        assertThat(weights.lfs()).isEqualTo(new LfsPointer(largeOid, 150));
        assertThat(weights.size()).isEqualTo(150);
        assertThat(f.lfs.objects).containsKey(largeOid);
        assertThat(f.lfs.linked(repo.id(), largeOid)).isTrue();
        assertThat(f.read(repo, "main", "weights/model.safetensors")).startsWith("version https://git-lfs");

        Entry small = f.content.entry(repo, c.id(), "small.bin").orElseThrow();
        assertThat(small.lfs()).isEqualTo(new LfsPointer(Committer.sha256("tiny".getBytes(StandardCharsets.UTF_8)), 4));
        assertThat(f.content.entry(repo, c.id(), "small.txt").orElseThrow().lfs()).isNull();
        assertThat(f.updates.get(0).sizeBytes()).isGreaterThan(150 + 4);

        // an object uploaded through the LFS API is committed by reference; an unknown one is refused
        byte[] other = "uploaded elsewhere".getBytes(StandardCharsets.UTF_8);
        String otherOid = Committer.sha256(other);
        f.lfs.put(otherOid, other.length, new ByteArrayInputStream(other));
        f.commit(repo, "main", "by ref", new FileOp("create", "ref.dat", null, new LfsPointer(otherOid, other.length), null));
        assertThat(f.content.entry(repo, "main", "ref.dat").orElseThrow().lfs().oid()).isEqualTo(otherOid);
        assertStatus(() -> f.commit(repo, "main", "missing", new FileOp("create", "x.dat", null,
                new LfsPointer("a".repeat(64), 3), null)), 422, "not uploaded");

        // listing shows LFS sizes
        TreePage root = f.content.tree(repo, "main", "", false, null, 100);
        assertThat(root.entries()).extracting(e -> e.path() + ":" + e.type() + ":" + e.size())
                .contains("weights:dir:0", "small.bin:file:4", "ref.dat:file:" + other.length);
    }

    @Test
    void treePagesByCursorInGitOrder() throws IOException {
        List<FileOp> ops = new ArrayList<>();
        for (String p : List.of("a.txt", "a/x.txt", "a/y/z.txt", "b.txt", "c/d.txt", "e.txt")) {
            ops.add(create(p, p));
        }
        f.content.commit(repo, new CommitRequest("main", "files", null, ops), f.alice);
        TreePage p1 = f.content.tree(repo, "main", null, false, null, 2);
        assertThat(p1.entries()).extracting(e -> e.path() + ":" + e.type()).containsExactly("a.txt:file", "a:dir");
        assertThat(p1.next()).isEqualTo("a/");
        TreePage p2 = f.content.tree(repo, "main", "", false, p1.next(), 2);
        assertThat(p2.entries()).extracting(Entry::path).containsExactly("b.txt", "c");
        TreePage p3 = f.content.tree(repo, "main", "", false, p2.next(), 2);
        assertThat(p3.entries()).extracting(Entry::path).containsExactly("e.txt");
        assertThat(p3.next()).isNull();

        TreePage r1 = f.content.tree(repo, "main", "a", true, null, 1);
        assertThat(r1.entries()).extracting(Entry::path).containsExactly("a/x.txt");
        TreePage r2 = f.content.tree(repo, "main", "a/", true, r1.next(), 5);
        assertThat(r2.entries()).extracting(Entry::path).containsExactly("a/y/z.txt");
        assertThat(r2.next()).isNull();
        assertStatus(() -> f.content.tree(repo, "main", "b.txt", false, null, 5), 422, "not a directory");
        assertThat(f.content.entry(repo, "main", "").orElseThrow().type()).isEqualTo("dir");
    }

    @Test
    void archivesIncludeLfsContentAndRespectTheLimit() throws IOException {
        byte[] large = new byte[3000];
        java.util.Arrays.fill(large, (byte) 'L');
        f.content.commit(repo, new CommitRequest("main", "files", null, List.of(
                create("README.md", "# r\n"),
                new FileOp("create", "data/big.bin", large, null, null))), f.alice);
        Archives archives = new Archives(f.content);
        Archives.Plan plan = archives.plan(repo, "main");
        assertThat(plan.totalBytes()).isEqualTo(3000 + 4);

        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        archives.write(repo, plan, Archives.Format.ZIP, zip);
        Map<String, Integer> zipped = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                zipped.put(e.getName(), in.readAllBytes().length);
            }
        }
        assertThat(zipped).containsEntry("repo1-main/README.md", 4).containsEntry("repo1-main/data/big.bin", 3000);

        ByteArrayOutputStream tgz = new ByteArrayOutputStream();
        archives.write(repo, plan, Archives.Format.TAR_GZ, tgz);
        assertThat(untar(tgz.toByteArray())).containsEntry("repo1-main/README.md", 4)
                .containsEntry("repo1-main/data/big.bin", 3000);

        Fixture tight = new Fixture(tmp.resolve("tight"), 100, 1000);
        Repo r = tight.repo(3);
        tight.content.commit(r, new CommitRequest("main", "big", null,
                List.of(new FileOp("create", "big.bin", large, null, null))), tight.alice);
        assertStatus(() -> new Archives(tight.content).plan(r, "main"), 413, "archive limit");
    }

    @Test
    void longNamesSurviveTheTarFormat() throws IOException {
        String deep = "d/".repeat(60) + "ünïcode-file.txt";
        f.commit(repo, "main", "deep", create(deep, "deep"));
        Archives archives = new Archives(f.content);
        ByteArrayOutputStream tgz = new ByteArrayOutputStream();
        archives.write(repo, archives.plan(repo, "main"), Archives.Format.TAR_GZ, tgz);
        assertThat(untar(tgz.toByteArray())).containsEntry("repo1-main/" + deep, 4);
    }

    /** Names and sizes of a tar.gz, pax path records applied. */
    private static Map<String, Integer> untar(byte[] tgz) throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
            String paxPath = null;
            while (true) {
                byte[] h = in.readNBytes(512);
                if (h.length < 512 || h[0] == 0) {
                    break;
                }
                String name = new String(h, 0, 100, StandardCharsets.UTF_8).replace("\0", "");
                int size = Integer.parseInt(new String(h, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
                byte[] body = in.readNBytes(size);
                in.readNBytes((512 - size % 512) % 512);
                if (h[156] == 'x') {
                    for (String rec : new String(body, StandardCharsets.UTF_8).split("\n")) {
                        String kv = rec.substring(rec.indexOf(' ') + 1);
                        if (kv.startsWith("path=")) {
                            paxPath = kv.substring(5);
                        }
                    }
                    continue;
                }
                out.put(paxPath != null ? paxPath : name, size);
                paxPath = null;
            }
        }
        return out;
    }

    private static void assertStatus(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status,
                                     String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
