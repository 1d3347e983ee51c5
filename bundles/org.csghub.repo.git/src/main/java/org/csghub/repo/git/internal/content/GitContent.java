package org.csghub.repo.git.internal.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent;
import org.csghub.repo.git.internal.ChangeNotifier;
import org.csghub.repo.git.internal.GitConfig;
import org.csghub.repo.git.internal.GitRepos;
import org.csghub.repo.git.internal.LfsPointers;
import org.csghub.rest.ApiException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@link RepoContent} read straight from the bare repositories with JGit. Every call opens the repository
 * from {@link GitRepos} (cached by JGit) and reads one consistent commit; nothing is kept between calls.
 */
@Component(service = {RepoContent.class, GitContent.class}, configurationPid = ContentConfig.PID)
@Designate(ocd = ContentConfig.class)
public class GitContent implements RepoContent {

    private final GitRepos repos;
    private final LfsStore lfs;
    private final ChangeNotifier notifier;
    private final ContentConfig config;

    /**
     * @param lfs the LFS store, or {@code null} while none is installed: browsing works, committing files that
     *            belong in LFS answers 503
     */
    @Activate
    public GitContent(@Reference GitRepos repos,
                      @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) LfsStore lfs,
                      @Reference ChangeNotifier notifier, ContentConfig config) {
        this.repos = repos;
        this.lfs = lfs;
        this.notifier = notifier;
        this.config = config;
    }

    GitConfig gitConfig() {
        return repos.config();
    }

    ContentConfig config() {
        return config;
    }

    /** The LFS store, or empty while none is installed. */
    Optional<LfsStore> lfs() {
        return Optional.ofNullable(lfs);
    }

    Repository open(Repo repo) {
        return repos.open(repo);
    }

    @Override
    public String resolve(Repo repo, String revision) {
        return read(repo, (git, walk) -> Revisions.commit(git, walk, repo, revision).name());
    }

    /** Whether the repository has no branch at all (just created, nothing pushed or committed). */
    public boolean isEmpty(Repo repo) {
        return read(repo, (git, walk) -> git.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).isEmpty());
    }

    @Override
    public List<Ref> branches(Repo repo) {
        return refs(repo, Constants.R_HEADS);
    }

    @Override
    public List<Ref> tags(Repo repo) {
        return refs(repo, Constants.R_TAGS);
    }

    private List<Ref> refs(Repo repo, String prefix) {
        return read(repo, (git, walk) -> {
            List<Ref> out = new ArrayList<>();
            for (org.eclipse.jgit.lib.Ref ref : git.getRefDatabase().getRefsByPrefix(prefix)) {
                if (ref.getObjectId() == null) {
                    continue;
                }
                // annotated tags: the commit they name
                ObjectId target = walk.peel(walk.parseAny(ref.getObjectId())).getId();
                out.add(new Ref(ref.getName().substring(prefix.length()), target.name()));
            }
            out.sort(Comparator.comparing(Ref::name));
            return out;
        });
    }

    @Override
    public List<CommitInfo> log(Repo repo, String revision, String path, int offset, int limit) {
        String filter = PathRules.directory(path);
        int skip = Math.max(0, offset);
        int max = Math.max(1, limit);
        return read(repo, (git, walk) -> {
            RevCommit start = Revisions.commit(git, walk, repo, revision);
            walk.sort(RevSort.COMMIT_TIME_DESC);
            if (!filter.isEmpty()) {
                walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(filter), TreeFilter.ANY_DIFF));
            }
            walk.markStart(start);
            List<CommitInfo> out = new ArrayList<>();
            int seen = 0;
            for (RevCommit c : walk) {
                if (seen++ < skip) {
                    continue;
                }
                out.add(info(c));
                if (out.size() >= max) {
                    break;
                }
            }
            return out;
        });
    }

    @Override
    public CommitDetail commit(Repo repo, String revision) {
        return read(repo, (git, walk) -> {
            RevCommit c = Revisions.commit(git, walk, repo, revision);
            return new Diffs(config).detail(git, walk, c);
        });
    }

    @Override
    public TreePage tree(Repo repo, String revision, String path, boolean recursive, String cursor, int limit) {
        String dir = PathRules.directory(path);
        int max = Math.max(1, limit);
        byte[] after = cursor == null || cursor.isEmpty() ? null : cursor.getBytes(StandardCharsets.UTF_8);
        return read(repo, (git, walk) -> {
            RevCommit c = Revisions.commit(git, walk, repo, revision);
            ObjectReader reader = walk.getObjectReader();
            try (TreeWalk tw = new TreeWalk(git, reader)) {
                if (dir.isEmpty()) {
                    tw.addTree(c.getTree());
                } else {
                    try (TreeWalk at = TreeWalk.forPath(git, reader, dir, c.getTree())) {
                        if (at == null) {
                            throw pathNotFound(repo, revision, dir);
                        }
                        if (at.getFileMode(0) != FileMode.TREE) {
                            throw new ApiException(422, "not_a_directory", "'" + dir + "' is a file, not a directory",
                                    Map.of("path", dir));
                        }
                        tw.addTree(at.getObjectId(0));
                    }
                }
                tw.setRecursive(recursive);
                String prefix = dir.isEmpty() ? "" : dir + "/";
                List<Entry> entries = new ArrayList<>();
                String next = null;
                while (tw.next()) {
                    FileMode mode = tw.getFileMode(0);
                    String full = prefix + tw.getPathString();
                    String key = mode == FileMode.TREE ? full + "/" : full;
                    if (after != null && compareBytes(key.getBytes(StandardCharsets.UTF_8), after) <= 0) {
                        continue;
                    }
                    if (entries.size() == max) {
                        next = cursorOf(entries.get(max - 1));
                        break;
                    }
                    entries.add(entry(reader, full, mode, tw.getObjectId(0)));
                }
                return new TreePage(revision, c.name(), entries, next);
            }
        });
    }

    private static String cursorOf(Entry e) {
        return "dir".equals(e.type()) ? e.path() + "/" : e.path();
    }

    /** Git's tree order is the byte order of paths where directories end in {@code /}. */
    private static int compareBytes(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    @Override
    public Optional<Entry> entry(Repo repo, String revision, String path) {
        String p = PathRules.directory(path);
        return read(repo, (git, walk) -> {
            RevCommit c = Revisions.commit(git, walk, repo, revision);
            if (p.isEmpty()) {
                return Optional.of(new Entry("", "dir", 0, c.getTree().name(), null));
            }
            try (TreeWalk tw = TreeWalk.forPath(git, walk.getObjectReader(), p, c.getTree())) {
                if (tw == null) {
                    return Optional.empty();
                }
                return Optional.of(entry(walk.getObjectReader(), p, tw.getFileMode(0), tw.getObjectId(0)));
            }
        });
    }

    /** The entry, or 404 naming the path and revision. */
    Entry requireEntry(Repo repo, String revision, String path) {
        return entry(repo, revision, path).orElseThrow(() -> pathNotFound(repo, revision, path));
    }

    @Override
    public InputStream open(Repo repo, String revision, String path) throws IOException {
        Entry e = requireEntry(repo, revision, path);
        if (!"file".equals(e.type())) {
            throw new ApiException(422, "not_a_file", "'" + e.path() + "' is not a file", Map.of("path", e.path()));
        }
        try (Repository git = repos.open(repo)) {
            return git.open(ObjectId.fromString(e.blobId()), Constants.OBJ_BLOB).openStream();
        }
    }

    @Override
    public CommitInfo commit(Repo repo, CommitRequest request, Subject author) throws IOException {
        return new Committer(this, notifier).commit(repo, request, author);
    }

    /** Like {@link #commit(Repo, CommitRequest, Subject)}, with blobs already in the repository ({@link #stage}). */
    CommitInfo commit(Repo repo, CommitRequest request, Subject author, Map<String, ObjectId> staged)
            throws IOException {
        return new Committer(this, notifier).commit(repo, request, author, staged);
    }

    /** Streams a file of known size into the repository's object database; the blob is unreferenced until committed. */
    ObjectId stage(Repo repo, InputStream in, long size) throws IOException {
        try (Repository git = repos.open(repo); ObjectInserter inserter = git.newObjectInserter()) {
            ObjectId id = inserter.insert(Constants.OBJ_BLOB, size, in);
            inserter.flush();
            return id;
        }
    }

    @Override
    public java.util.Set<String> lfsPaths(Repo repo, String branch, java.util.Map<String, Long> sizes) {
        LfsRules rules = lfsRules(repo, PathRules.branch(branch));
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        sizes.forEach((path, size) -> {
            if (belongsInLfs(rules, path, size == null ? 0 : size)) {
                out.add(path);
            }
        });
        return out;
    }

    /** Whether a file goes to LFS: larger than Git takes, or tracked by the branch's {@code .gitattributes}. */
    boolean belongsInLfs(LfsRules rules, String path, long size) {
        return size > repos.config().maxNonLfsFileBytes() || rules.tracked(path);
    }

    /** The LFS rules of a branch's {@code .gitattributes} (none when the branch does not exist). */
    LfsRules lfsRules(Repo repo, String branch) {
        return read(repo, (git, walk) -> {
            org.eclipse.jgit.lib.Ref ref = git.exactRef(Constants.R_HEADS + branch);
            if (ref == null || ref.getObjectId() == null) {
                return LfsRules.parse(null);
            }
            try (TreeWalk tw = TreeWalk.forPath(git, walk.getObjectReader(), ".gitattributes",
                    walk.parseCommit(ref.getObjectId()).getTree())) {
                if (tw == null || git.getObjectDatabase().open(tw.getObjectId(0)).getSize() > 1024 * 1024) {
                    return LfsRules.parse(null);
                }
                return LfsRules.parse(git.open(tw.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes());
            }
        });
    }

    static Entry entry(ObjectReader reader, String path, FileMode mode, ObjectId id) throws IOException {
        if (mode == FileMode.TREE) {
            return new Entry(path, "dir", 0, id.name(), null);
        }
        if (mode == FileMode.GITLINK) {
            return new Entry(path, "submodule", 0, id.name(), null);
        }
        long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
        LfsPointer pointer = null;
        if (size <= LfsPointers.MAX_POINTER_BYTES) {
            pointer = LfsPointers.parse(reader.open(id, Constants.OBJ_BLOB).getCachedBytes()).orElse(null);
        }
        return new Entry(path, "file", pointer == null ? size : pointer.size(), id.name(), pointer);
    }

    static CommitInfo info(RevCommit c) {
        List<String> parents = new ArrayList<>();
        for (RevCommit p : c.getParents()) {
            parents.add(p.name());
        }
        return new CommitInfo(c.name(), c.getFullMessage(), person(c.getAuthorIdent()),
                person(c.getCommitterIdent()), parents);
    }

    private static Person person(PersonIdent ident) {
        return ident == null ? null : new Person(ident.getName(), ident.getEmailAddress(), ident.getWhenAsInstant());
    }

    static ApiException pathNotFound(Repo repo, String revision, String path) {
        return new ApiException(404, "not_found", "Path '" + PathRules.printable(path) + "' not found at "
                + PathRules.printable(revision) + " in " + repo.path(), Map.of("path", PathRules.printable(path)));
    }

    @FunctionalInterface
    interface GitRead<T> {
        T apply(Repository git, RevWalk walk) throws IOException;
    }

    <T> T read(Repo repo, GitRead<T> read) {
        try (Repository git = repos.open(repo); RevWalk walk = new RevWalk(git)) {
            return read.apply(git, walk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
