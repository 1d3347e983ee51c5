package org.csghub.repo.git.internal.content;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.csghub.accounts.api.Subject;
import org.csghub.accounts.api.UserDirectory;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent;
import org.csghub.repo.git.internal.ChangeNotifier;
import org.csghub.repo.git.internal.GitRepos;
import org.csghub.repo.git.internal.LfsPointers;
import org.csghub.rest.ApiException;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;

import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.io.NullOutputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link RepoContent} over the bare repositories: reads with JGit's object reader, commits by building the new
 * tree in memory (DirCache) and moving the branch with a compare-and-swap ref update, so a concurrent push or
 * commit is never overwritten (the loser gets a 409).
 */
@Component(service = {RepoContent.class, JGitContent.class})
public class JGitContent implements RepoContent {

    static final int MAX_PATCH_BYTES = 64 * 1024;
    static final int MAX_DIFF_BYTES = 1024 * 1024;
    static final int MAX_OPERATIONS = 1000;

    private final GitRepos repos;
    private final LfsStore lfs;
    private final ChangeNotifier notifier;
    private final UserDirectory users;

    @Activate
    public JGitContent(@Reference GitRepos repos, @Reference LfsStore lfs, @Reference ChangeNotifier notifier,
                       @Reference UserDirectory users) {
        this.repos = repos;
        this.lfs = lfs;
        this.notifier = notifier;
        this.users = users;
    }

    GitRepos gitRepos() {
        return repos;
    }

    LfsStore lfs() {
        return lfs;
    }

    @Override
    public String resolve(Repo repo, String revision) {
        try (Repository git = repos.open(repo)) {
            return commitId(git, repo, revision).name();
        }
    }

    ObjectId commitId(Repository git, Repo repo, String revision) {
        String rev = revision == null || revision.isBlank() || revision.equals("HEAD") ? repo.defaultBranch() : revision;
        if (rev.length() > 256 || rev.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || rev.contains("..")) {
            throw new ApiException(422, "invalid_ref", "'" + rev.replaceAll("\\p{Cntrl}", "?") + "' is not a revision");
        }
        try {
            ObjectId id = null;
            // full ref names and branch/tag names first, so a branch called like a hex prefix still wins
            for (String candidate : List.of(rev, Constants.R_HEADS + rev, Constants.R_TAGS + rev)) {
                org.eclipse.jgit.lib.Ref ref = git.exactRef(candidate);
                if (ref != null) {
                    id = ref.getObjectId();
                    break;
                }
            }
            if (id == null && rev.matches("[0-9a-fA-F]{4,40}")) {
                id = git.resolve(rev);
            }
            if (id == null) {
                throw new ApiException(404, "revision_not_found", "revision '" + rev + "' not found in " + repo.path());
            }
            try (RevWalk walk = new RevWalk(git)) {
                return walk.parseCommit(id).getId();
            }
        } catch (org.eclipse.jgit.errors.MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            throw new ApiException(404, "revision_not_found", "revision '" + rev + "' not found in " + repo.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Ref> branches(Repo repo) {
        return refs(repo, Constants.R_HEADS);
    }

    @Override
    public List<Ref> tags(Repo repo) {
        return refs(repo, Constants.R_TAGS);
    }

    private List<RepoContent.Ref> refs(Repo repo, String prefix) {
        try (Repository git = repos.open(repo)) {
            List<RepoContent.Ref> out = new ArrayList<>();
            for (org.eclipse.jgit.lib.Ref r : git.getRefDatabase().getRefsByPrefix(prefix)) {
                org.eclipse.jgit.lib.Ref peeled = git.getRefDatabase().peel(r);
                ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : r.getObjectId();
                out.add(new RepoContent.Ref(r.getName().substring(prefix.length()), id.name()));
            }
            out.sort((a, b) -> a.name().compareTo(b.name()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<CommitInfo> log(Repo repo, String revision, String path, int offset, int limit) {
        String p = path == null || path.isBlank() ? "" : RepoPaths.dir(path);
        try (Repository git = repos.open(repo); RevWalk walk = new RevWalk(git)) {
            if (emptyRepo(git)) {
                return List.of();
            }
            walk.markStart(walk.parseCommit(commitId(git, repo, revision)));
            if (!p.isEmpty()) {
                walk.setTreeFilter(AndTreeFilter.create(PathFilterGroup.createFromStrings(p), TreeFilter.ANY_DIFF));
            }
            walk.setRevFilter(RevFilter.ALL);
            List<CommitInfo> out = new ArrayList<>();
            int skipped = 0;
            for (RevCommit c : walk) {
                if (skipped++ < offset) {
                    continue;
                }
                out.add(info(c));
                if (out.size() >= limit) {
                    break;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CommitDetail commit(Repo repo, String revision) {
        try (Repository git = repos.open(repo); RevWalk walk = new RevWalk(git);
                ObjectReader reader = git.newObjectReader()) {
            RevCommit c = walk.parseCommit(commitId(git, repo, revision));
            var oldTree = c.getParentCount() == 0 ? new EmptyTreeIterator() : tree(reader, walk.parseCommit(c.getParent(0)));
            var newTree = tree(reader, c);
            List<FileChange> files = new ArrayList<>();
            try (DiffFormatter list = new DiffFormatter(NullOutputStream.INSTANCE)) {
                list.setRepository(git);
                list.setDetectRenames(true);
                List<DiffEntry> entries = list.scan(oldTree, newTree);
                int total = 0;
                for (DiffEntry e : entries) {
                    ByteArrayOutputStream buf = new ByteArrayOutputStream();
                    boolean truncated = total >= MAX_DIFF_BYTES;
                    if (!truncated) {
                        try (DiffFormatter f = new DiffFormatter(buf)) {
                            f.setRepository(git);
                            f.format(e);
                        }
                    }
                    String patch = buf.toString(StandardCharsets.UTF_8);
                    boolean binary = patch.contains("\nBinary files differ");
                    if (patch.length() > MAX_PATCH_BYTES) {
                        patch = patch.substring(0, MAX_PATCH_BYTES);
                        truncated = true;
                    }
                    total += patch.length();
                    files.add(new FileChange(e.getChangeType().name().toLowerCase(java.util.Locale.ROOT),
                            e.getOldPath().equals(DiffEntry.DEV_NULL) ? null : e.getOldPath(),
                            e.getNewPath().equals(DiffEntry.DEV_NULL) ? null : e.getNewPath(),
                            truncated && patch.isEmpty() ? null : patch, binary, truncated));
                }
            }
            return new CommitDetail(info(c), files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CanonicalTreeParser tree(ObjectReader reader, RevCommit c) throws IOException {
        CanonicalTreeParser p = new CanonicalTreeParser();
        p.reset(reader, c.getTree());
        return p;
    }

    @Override
    public TreePage tree(Repo repo, String revision, String path, boolean recursive, String cursor, int limit) {
        String dir = RepoPaths.dir(path);
        try (Repository git = repos.open(repo); RevWalk walk = new RevWalk(git);
                ObjectReader reader = git.newObjectReader()) {
            if (emptyRepo(git) && (revision == null || revision.equals(repo.defaultBranch()) || revision.equals("HEAD"))) {
                if (!dir.isEmpty()) {
                    throw new ApiException(404, "entry_not_found", "'" + dir + "' does not exist");
                }
                return new TreePage(repo.defaultBranch(), null, List.of(), null);
            }
            ObjectId commit = commitId(git, repo, revision);
            RevCommit c = walk.parseCommit(commit);
            ObjectId treeId = c.getTree();
            if (!dir.isEmpty()) {
                try (TreeWalk tw = TreeWalk.forPath(reader, dir, c.getTree())) {
                    if (tw == null || !tw.getFileMode(0).equals(FileMode.TREE)) {
                        throw new ApiException(404, "entry_not_found", "directory '" + dir + "' does not exist at "
                                + (revision == null ? repo.defaultBranch() : revision));
                    }
                    treeId = tw.getObjectId(0);
                }
            }
            List<Entry> entries = new ArrayList<>();
            String next = null;
            try (TreeWalk tw = new TreeWalk(reader)) {
                tw.addTree(treeId);
                tw.setRecursive(recursive);
                while (tw.next()) {
                    String full = dir.isEmpty() ? tw.getPathString() : dir + "/" + tw.getPathString();
                    if (cursor != null && full.compareTo(cursor) <= 0) {
                        continue;
                    }
                    if (entries.size() == limit) {
                        next = entries.get(entries.size() - 1).path();
                        break;
                    }
                    entries.add(entry(reader, full, tw.getFileMode(0), tw.getObjectId(0)));
                }
            }
            return new TreePage(revision == null ? repo.defaultBranch() : revision, commit.name(), entries, next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Entry> entry(Repo repo, String revision, String path) {
        String p = RepoPaths.dir(path);
        try (Repository git = repos.open(repo); RevWalk walk = new RevWalk(git);
                ObjectReader reader = git.newObjectReader()) {
            RevCommit c = walk.parseCommit(commitId(git, repo, revision));
            if (p.isEmpty()) {
                return Optional.of(new Entry("", "dir", 0, c.getTree().name(), null));
            }
            try (TreeWalk tw = TreeWalk.forPath(reader, p, c.getTree())) {
                return tw == null ? Optional.empty() : Optional.of(entry(reader, p, tw.getFileMode(0), tw.getObjectId(0)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Entry entry(ObjectReader reader, String path, FileMode mode, ObjectId id) throws IOException {
        if (mode.equals(FileMode.TREE)) {
            return new Entry(path, "dir", 0, id.name(), null);
        }
        if (mode.equals(FileMode.GITLINK)) {
            return new Entry(path, "submodule", 0, id.name(), null);
        }
        long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
        if (size <= LfsPointers.MAX_POINTER_BYTES) {
            Optional<LfsPointer> pointer = LfsPointers.parse(reader.open(id, Constants.OBJ_BLOB).getBytes());
            if (pointer.isPresent()) {
                return new Entry(path, "file", pointer.get().size(), id.name(), pointer.get());
            }
        }
        return new Entry(path, "file", size, id.name(), null);
    }

    @Override
    public InputStream open(Repo repo, String revision, String path) throws IOException {
        String p = RepoPaths.file(path);
        try (Repository git = repos.open(repo); RevWalk walk = new RevWalk(git)) {
            RevCommit c = walk.parseCommit(commitId(git, repo, revision));
            try (TreeWalk tw = TreeWalk.forPath(git, p, c.getTree())) {
                if (tw == null || tw.getFileMode(0).equals(FileMode.TREE)) {
                    throw new ApiException(404, "entry_not_found", "file '" + p + "' does not exist");
                }
                ObjectLoader loader = git.open(tw.getObjectId(0), Constants.OBJ_BLOB);
                return loader.openStream();
            }
        }
    }

    private static boolean emptyRepo(Repository git) throws IOException {
        return git.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).isEmpty();
    }

    private static CommitInfo info(RevCommit c) {
        List<String> parents = new ArrayList<>();
        for (RevCommit p : c.getParents()) {
            parents.add(p.name());
        }
        return new CommitInfo(c.name(), c.getFullMessage(), person(c.getAuthorIdent()), person(c.getCommitterIdent()),
                parents);
    }

    private static Person person(PersonIdent p) {
        return new Person(p.getName(), p.getEmailAddress(), p.getWhenAsInstant());
    }

    // --- the multi-file commit

    @Override
    public CommitInfo commit(Repo repo, CommitRequest request, Subject author) throws IOException {
        if (request == null || request.operations() == null || request.operations().isEmpty()) {
            throw new ApiException(422, "invalid_commit", "a commit needs at least one operation");
        }
        if (request.operations().size() > MAX_OPERATIONS) {
            throw new ApiException(422, "invalid_commit", "at most " + MAX_OPERATIONS + " operations per commit");
        }
        String branch = RepoPaths.branch(request.branch() == null || request.branch().isBlank()
                ? repo.defaultBranch() : request.branch());
        String message = request.message() == null || request.message().isBlank()
                ? "Update " + request.operations().size() + " file(s)" : request.message();
        String refName = Constants.R_HEADS + branch;
        try (Repository git = repos.open(repo); RevWalk walk = new RevWalk(git);
                ObjectInserter inserter = git.newObjectInserter(); ObjectReader reader = git.newObjectReader()) {
            org.eclipse.jgit.lib.Ref current = git.exactRef(refName);
            ObjectId old = current == null ? null : current.getObjectId();
            if (request.parentCommit() != null && !request.parentCommit().isBlank()
                    && (old == null || !old.name().startsWith(request.parentCommit().toLowerCase(java.util.Locale.ROOT)))) {
                throw new ApiException(409, "conflict", "branch " + branch + " is at "
                        + (old == null ? "no commit" : old.name()) + ", not at " + request.parentCommit());
            }
            RevCommit base = null;
            if (old != null) {
                base = walk.parseCommit(old);
            } else if (!emptyRepo(git)) {
                // a new branch starts where the default branch is
                org.eclipse.jgit.lib.Ref def = git.exactRef(Constants.R_HEADS + repo.defaultBranch());
                if (def != null) {
                    base = walk.parseCommit(def.getObjectId());
                }
            }
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (base != null) {
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, base.getTree());
            }
            builder.finish();
            List<AttributesRule> lfsRules = lfsRules(reader, index);
            DirCacheEditor editor = index.editor();
            Set<String> touched = new HashSet<>();
            for (FileOp op : request.operations()) {
                apply(repo, index, editor, inserter, lfsRules, op, touched);
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            if (base != null && tree.equals(base.getTree())) {
                throw new ApiException(422, "nothing_to_commit", "the operations leave the files as they are");
            }
            PersonIdent who = ident(author);
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            if (base != null) {
                cb.setParentId(base);
            }
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage(message);
            ObjectId commitId = inserter.insert(cb);
            inserter.flush();
            RefUpdate update = git.updateRef(refName);
            update.setNewObjectId(commitId);
            update.setExpectedOldObjectId(old == null ? ObjectId.zeroId() : old);
            update.setRefLogIdent(who);
            update.setRefLogMessage("commit: " + message.lines().findFirst().orElse(""), false);
            RefUpdate.Result result = update.update(walk);
            switch (result) {
                case NEW, FAST_FORWARD -> {
                }
                default -> throw new ApiException(409, "conflict",
                        "branch " + branch + " moved while committing (" + result + "); fetch and retry");
            }
            notifier.refUpdated(repo, git, refName, old, commitId, lfs.repoBytes(repo.id()), author);
            return info(walk.parseCommit(commitId));
        }
    }

    private void apply(Repo repo, DirCache index, DirCacheEditor editor, ObjectInserter inserter,
                       List<AttributesRule> lfsRules, FileOp op, Set<String> touched) throws IOException {
        String kind = op.op() == null ? "" : op.op().toLowerCase(java.util.Locale.ROOT);
        String path = RepoPaths.file(op.path());
        if (!touched.add(path)) {
            throw new ApiException(422, "invalid_commit", "'" + path + "' appears in more than one operation");
        }
        boolean exists = index.getEntry(path) != null;
        boolean isDir = !exists && index.getEntriesWithin(path).length > 0;
        switch (kind) {
            case "create", "update", "upsert" -> {
                if (kind.equals("create") && (exists || isDir)) {
                    throw new ApiException(409, "conflict", "'" + path + "' already exists");
                }
                if (kind.equals("update") && !exists) {
                    throw new ApiException(404, "entry_not_found", "'" + path + "' does not exist");
                }
                if (isDir) {
                    throw new ApiException(409, "conflict", "'" + path + "' is a directory");
                }
                ObjectId blob = blob(repo, inserter, lfsRules, path, op);
                editor.add(new DirCacheEditor.PathEdit(path) {
                    @Override
                    public void apply(DirCacheEntry ent) {
                        ent.setFileMode(FileMode.REGULAR_FILE);
                        ent.setObjectId(blob);
                    }
                });
            }
            case "delete" -> {
                if (exists) {
                    editor.add(new DirCacheEditor.DeletePath(path));
                } else if (isDir) {
                    editor.add(new DirCacheEditor.DeleteTree(path));
                } else {
                    throw new ApiException(404, "entry_not_found", "'" + path + "' does not exist");
                }
            }
            case "move" -> {
                String from = RepoPaths.file(op.from());
                DirCacheEntry source = index.getEntry(from);
                if (source == null) {
                    throw new ApiException(404, "entry_not_found", "'" + from + "' does not exist");
                }
                if (exists || isDir) {
                    throw new ApiException(409, "conflict", "'" + path + "' already exists");
                }
                if (!touched.add(from)) {
                    throw new ApiException(422, "invalid_commit", "'" + from + "' appears in more than one operation");
                }
                ObjectId id = source.getObjectId();
                FileMode mode = source.getFileMode();
                editor.add(new DirCacheEditor.DeletePath(from));
                editor.add(new DirCacheEditor.PathEdit(path) {
                    @Override
                    public void apply(DirCacheEntry ent) {
                        ent.setFileMode(mode);
                        ent.setObjectId(id);
                    }
                });
            }
            default -> throw new ApiException(422, "invalid_commit",
                    "operation '" + op.op() + "' on '" + path + "' is not create, update, delete or move");
        }
    }

    /** The blob to commit: the bytes, or an LFS pointer for large files and files .gitattributes sends to LFS. */
    private ObjectId blob(Repo repo, ObjectInserter inserter, List<AttributesRule> lfsRules, String path, FileOp op)
            throws IOException {
        if (op.lfs() != null) {
            LfsPointer p = op.lfs();
            if (!LfsPointers.isOid(p.oid()) || p.size() < 0) {
                throw new ApiException(422, "invalid_lfs", "'" + path + "': an LFS oid is 64 lower-case hex digits");
            }
            Optional<Long> stored = lfs.size(p.oid());
            if (stored.isEmpty() || stored.get() != p.size()) {
                throw new ApiException(422, "lfs_object_missing", "'" + path + "': LFS object " + p.oid()
                        + " of " + p.size() + " bytes has not been uploaded");
            }
            lfs.link(repo.id(), p.oid(), p.size());
            return inserter.insert(Constants.OBJ_BLOB, LfsPointers.write(p));
        }
        byte[] content = op.content();
        if (content == null) {
            throw new ApiException(422, "invalid_commit", "'" + path + "': no content given");
        }
        if (content.length > repos.config().maxNonLfsFileBytes() || tracked(lfsRules, path)) {
            String oid = sha256(content);
            lfs.put(oid, content.length, new ByteArrayInputStream(content));
            lfs.link(repo.id(), oid, content.length);
            return inserter.insert(Constants.OBJ_BLOB, LfsPointers.write(new LfsPointer(oid, content.length)));
        }
        return inserter.insert(Constants.OBJ_BLOB, content);
    }

    /** Stores a large upload in LFS and answers its pointer; the stream is read once. */
    LfsPointer storeLfs(Repo repo, java.nio.file.Path file, String oid, long size) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            lfs.put(oid, size, in);
        }
        lfs.link(repo.id(), oid, size);
        return new LfsPointer(oid, size);
    }

    boolean lfsTracked(Repo repo, String revision, String path) {
        try (Repository git = repos.open(repo); ObjectReader reader = git.newObjectReader(); RevWalk walk = new RevWalk(git)) {
            if (emptyRepo(git)) {
                return false;
            }
            RevCommit c = walk.parseCommit(commitId(git, repo, revision));
            try (TreeWalk tw = TreeWalk.forPath(reader, ".gitattributes", c.getTree())) {
                if (tw == null) {
                    return false;
                }
                AttributesNode node = new AttributesNode();
                node.parse(reader.open(tw.getObjectId(0)).openStream());
                return tracked(node.getRules(), path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<AttributesRule> lfsRules(ObjectReader reader, DirCache index) throws IOException {
        DirCacheEntry attributes = index.getEntry(".gitattributes");
        if (attributes == null) {
            return List.of();
        }
        AttributesNode node = new AttributesNode();
        node.parse(reader.open(attributes.getObjectId()).openStream());
        return node.getRules();
    }

    private static boolean tracked(List<AttributesRule> rules, String path) {
        boolean lfsFile = false;
        for (AttributesRule rule : rules) {
            if (rule.isMatch(path, false)) {
                for (var a : rule.getAttributes()) {
                    if ("filter".equals(a.getKey())) {
                        lfsFile = "lfs".equals(a.getValue());
                    }
                }
            }
        }
        return lfsFile;
    }

    private PersonIdent ident(Subject author) {
        String name = author.isUser() ? author.username() : author.getName();
        String email = author.isUser() ? users.byId(author.userId()).map(u -> u.email()).filter(e -> e != null)
                .orElse(name + "@users.noreply.csghub") : name + "@noreply.csghub";
        return new PersonIdent(name, email, Instant.now(), java.time.ZoneOffset.UTC);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
