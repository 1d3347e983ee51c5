package org.csghub.repo.git.internal.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent.CommitInfo;
import org.csghub.repo.api.RepoContent.CommitRequest;
import org.csghub.repo.api.RepoContent.FileOp;
import org.csghub.repo.api.RepoContent.LfsPointer;
import org.csghub.repo.git.internal.ChangeNotifier;
import org.csghub.repo.git.internal.LfsPointers;
import org.csghub.rest.ApiException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multi-file commit: applies the operations to the branch head's file list in memory, writes the new
 * tree and commit, and moves the branch with a compare-and-swap {@link RefUpdate} (expected old id), so a
 * concurrent push or commit is never overwritten: the loser gets 409 and retries. Content that belongs in
 * LFS (too large for Git, or tracked by {@code .gitattributes}) is stored in the {@link LfsStore} first and
 * committed as a pointer.
 */
final class Committer {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    private static final Set<String> OPS = Set.of("create", "update", "put", "delete", "move");
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final String GITATTRIBUTES = ".gitattributes";

    private final GitContent content;
    private final ChangeNotifier notifier;

    Committer(GitContent content, ChangeNotifier notifier) {
        this.content = content;
        this.notifier = notifier;
    }

    /** A file of the tree being built. */
    private record File(ObjectId id, FileMode mode) {
    }

    CommitInfo commit(Repo repo, CommitRequest request, Subject author) throws IOException {
        return commit(repo, request, author, Map.of());
    }

    /**
     * @param staged blobs already written to the repository's object database (streamed uploads), by path:
     *               a create or update of such a path has neither content nor LFS object
     */
    CommitInfo commit(Repo repo, CommitRequest request, Subject author, Map<String, ObjectId> staged)
            throws IOException {
        if (request == null) {
            throw new ApiException(422, "invalid_commit", "A commit request is required");
        }
        String branch = PathRules.branch(request.branch());
        List<FileOp> ops = operations(request.operations(), staged);
        String message = message(request.message(), ops);

        try (Repository git = content.open(repo); RevWalk walk = new RevWalk(git);
             ObjectInserter inserter = git.newObjectInserter()) {
            String refName = Constants.R_HEADS + branch;
            Ref ref = git.exactRef(refName);
            ObjectId oldId = ref == null ? null : ref.getObjectId();
            RevCommit parent = parent(git, walk, repo, branch, oldId, request.parentCommit());

            NavigableMap<String, File> files = files(git, walk, parent);
            LfsRules lfsRules = LfsRules.parse(gitattributes(git, ops, files));
            List<LfsPointer> lfsUsed = new ArrayList<>();
            for (FileOp op : ops) {
                apply(repo, op, files, inserter, lfsRules, lfsUsed, staged);
            }
            ObjectId tree = tree(files, inserter);
            if (parent != null && tree.equals(parent.getTree())) {
                throw new ApiException(422, "no_changes", "The operations leave " + branch + " unchanged");
            }

            PersonIdent ident = ident(author);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage(message);
            ObjectId newId = inserter.insert(commit);
            inserter.flush();

            // the pointers become visible with the ref update; the objects are stored and linked before it
            for (LfsPointer p : lfsUsed) {
                requireLfs().link(repo.id(), p.oid(), p.size());
            }
            move(git, refName, branch, ref == null ? null : oldId, newId, ident, message);
            notifyChange(repo, git, refName, oldId, newId, author);
            return GitContent.info(walk.parseCommit(newId));
        }
    }

    private RevCommit parent(Repository git, RevWalk walk, Repo repo, String branch, ObjectId head,
                             String parentCommit) throws IOException {
        boolean expects = parentCommit != null && !parentCommit.isBlank();
        if (head != null) {
            RevCommit current = walk.parseCommit(head);
            if (expects && !names(git, walk, repo, parentCommit, current)) {
                throw new ApiException(409, "conflict", "Branch " + branch + " has moved on: it points at "
                        + current.name() + ", not " + PathRules.printable(parentCommit) + "; reload and retry",
                        Map.of("branch", branch, "head", current.name()));
            }
            return current;
        }
        if (expects) {
            // a new branch, started at the given commit
            return Revisions.commit(git, walk, repo, parentCommit);
        }
        if (git.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).isEmpty()) {
            return null;
        }
        // a new branch, started at the default branch's head
        Ref base = git.exactRef(Constants.R_HEADS + repo.defaultBranch());
        if (base == null || base.getObjectId() == null) {
            throw new ApiException(404, "not_found", "Branch " + branch + " does not exist in " + repo.path()
                    + " and neither does the default branch; give parent_commit to start it", Map.of("branch", branch));
        }
        return walk.parseCommit(base.getObjectId());
    }

    private static boolean names(Repository git, RevWalk walk, Repo repo, String given, RevCommit current)
            throws IOException {
        String g = given.trim().toLowerCase(java.util.Locale.ROOT);
        if (g.length() >= 4 && current.name().startsWith(g)) {
            return true;
        }
        try {
            return Revisions.commit(git, walk, repo, given).equals(current);
        } catch (ApiException e) {
            return false;
        }
    }

    /** The given message, or one that says what the operations do. */
    private static String message(String message, List<FileOp> ops) {
        if (message == null || message.isBlank()) {
            FileOp first = ops.get(0);
            String verb = Character.toUpperCase(first.op().charAt(0)) + first.op().substring(1);
            return (ops.size() == 1 ? verb + " " + first.path() : "Update " + ops.size() + " files") + "\n";
        }
        if (message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw new ApiException(422, "invalid_commit", "The commit message is longer than " + MAX_MESSAGE_BYTES
                    + " bytes");
        }
        return message.endsWith("\n") ? message : message + "\n";
    }

    private List<FileOp> operations(List<FileOp> ops, Map<String, ObjectId> staged) {
        if (ops == null || ops.isEmpty()) {
            throw new ApiException(422, "invalid_commit", "A commit needs at least one operation");
        }
        if (ops.size() > content.config().maxOperations()) {
            throw new ApiException(422, "invalid_commit", "A commit may have at most "
                    + content.config().maxOperations() + " operations");
        }
        for (FileOp op : ops) {
            if (op == null || op.op() == null || !OPS.contains(op.op())) {
                throw new ApiException(422, "invalid_operation", "Unknown operation "
                        + (op == null ? null : op.op()) + "; use create, update, put, delete or move");
            }
            PathRules.file(op.path());
            boolean writes = op.op().equals("create") || op.op().equals("update") || op.op().equals("put");
            if (writes && (op.content() == null) == (op.lfs() == null) && !staged.containsKey(op.path())) {
                throw new ApiException(422, "invalid_operation", op.op() + " of " + op.path()
                        + " needs content (or an uploaded LFS object), not both", Map.of("path", op.path()));
            }
            if (!writes && (op.content() != null || op.lfs() != null)) {
                throw new ApiException(422, "invalid_operation", op.op() + " of " + op.path() + " takes no content",
                        Map.of("path", op.path()));
            }
            if (op.op().equals("move")) {
                PathRules.file(op.from());
                if (op.path().equals(op.from()) || op.path().startsWith(op.from() + "/")) {
                    throw new ApiException(422, "invalid_operation", "Cannot move " + op.from() + " to "
                            + op.path(), Map.of("path", op.path()));
                }
            } else if (op.from() != null) {
                throw new ApiException(422, "invalid_operation", "'from' belongs to move only", Map.of("path", op.path()));
            }
        }
        return ops;
    }

    private static NavigableMap<String, File> files(Repository git, RevWalk walk, RevCommit parent) throws IOException {
        NavigableMap<String, File> files = new TreeMap<>();
        if (parent == null) {
            return files;
        }
        try (TreeWalk tw = new TreeWalk(git, walk.getObjectReader())) {
            tw.addTree(parent.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                files.put(tw.getPathString(), new File(tw.getObjectId(0), tw.getFileMode(0)));
            }
        }
        return files;
    }

    /** The {@code .gitattributes} this commit leaves: the last one it writes, else the parent's. */
    static byte[] gitattributes(Repository git, List<FileOp> ops, Map<String, File> files) throws IOException {
        for (int i = ops.size() - 1; i >= 0; i--) {
            FileOp op = ops.get(i);
            if (op.path().equals(GITATTRIBUTES) && op.content() != null) {
                return op.content();
            }
        }
        File current = files.get(GITATTRIBUTES);
        if (current == null || git.getObjectDatabase().open(current.id()).getSize() > 1024 * 1024) {
            return null;
        }
        return git.open(current.id(), Constants.OBJ_BLOB).getCachedBytes();
    }

    private void apply(Repo repo, FileOp op, NavigableMap<String, File> files, ObjectInserter inserter,
                       LfsRules lfsRules, List<LfsPointer> lfsUsed, Map<String, ObjectId> staged)
            throws IOException {
        String path = op.path();
        String kind = op.op().equals("put") ? (files.containsKey(path) ? "update" : "create") : op.op();
        switch (kind) {
            case "create" -> {
                if (files.containsKey(path)) {
                    throw conflict(path, "already exists");
                }
                placeable(files, path);
                files.put(path, new File(blob(repo, op, inserter, lfsRules, lfsUsed, staged), FileMode.REGULAR_FILE));
            }
            case "update" -> {
                File old = files.get(path);
                if (old == null) {
                    throw missing(path);
                }
                FileMode mode = old.mode() == FileMode.EXECUTABLE_FILE ? old.mode() : FileMode.REGULAR_FILE;
                files.put(path, new File(blob(repo, op, inserter, lfsRules, lfsUsed, staged), mode));
            }
            case "delete" -> {
                if (files.remove(path) == null) {
                    NavigableMap<String, File> under = under(files, path);
                    if (under.isEmpty()) {
                        throw missing(path);
                    }
                    under.clear();
                }
            }
            case "move" -> {
                String from = op.from();
                if (files.containsKey(path) || !under(files, path).isEmpty()) {
                    throw conflict(path, "already exists");
                }
                File file = files.remove(from);
                if (file != null) {
                    placeable(files, path);
                    files.put(path, file);
                    return;
                }
                NavigableMap<String, File> under = under(files, from);
                if (under.isEmpty()) {
                    throw missing(from);
                }
                Map<String, File> moved = new TreeMap<>(under);
                under.clear();
                placeable(files, path);
                moved.forEach((p, f) -> files.put(path + p.substring(from.length()), f));
            }
            default -> throw new IllegalStateException(op.op());
        }
    }

    /** The files under a directory (a live view). */
    private static NavigableMap<String, File> under(NavigableMap<String, File> files, String dir) {
        // '/' + 1 == '0': every path below dir sorts between "dir/" and "dir0"
        return files.subMap(dir + "/", true, dir + "0", false);
    }

    /** A new file may not sit where a directory is, nor below a file. */
    private static void placeable(NavigableMap<String, File> files, String path) {
        if (!under(files, path).isEmpty()) {
            throw conflict(path, "is a directory");
        }
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            String ancestor = path.substring(0, i);
            if (files.containsKey(ancestor)) {
                throw conflict(path, "'" + ancestor + "' is a file");
            }
        }
    }

    private ObjectId blob(Repo repo, FileOp op, ObjectInserter inserter, LfsRules lfsRules, List<LfsPointer> lfsUsed,
                          Map<String, ObjectId> staged) throws IOException {
        if (op.content() == null && op.lfs() == null) {
            return staged.get(op.path());
        }
        LfsPointer pointer = op.lfs();
        if (pointer != null) {
            if (!LfsPointers.isOid(pointer.oid()) || pointer.size() < 0) {
                throw new ApiException(422, "invalid_operation", "Invalid LFS object for " + op.path(),
                        Map.of("path", op.path()));
            }
            Long stored = requireLfs().size(pointer.oid()).orElse(null);
            if (stored == null || stored != pointer.size()) {
                throw new ApiException(422, "lfs_object_missing", "LFS object " + pointer.oid() + " of "
                        + pointer.size() + " bytes is not uploaded", Map.of("path", op.path(), "oid", pointer.oid()));
            }
        } else {
            byte[] bytes = op.content();
            boolean isPointer = LfsPointers.parse(bytes).isPresent();
            if (isPointer || (bytes.length <= content.gitConfig().maxNonLfsFileBytes() && !lfsRules.tracked(op.path()))) {
                return inserter.insert(Constants.OBJ_BLOB, bytes);
            }
            pointer = new LfsPointer(sha256(bytes), bytes.length);
            requireLfs().put(pointer.oid(), pointer.size(), new ByteArrayInputStream(bytes));
        }
        lfsUsed.add(pointer);
        return inserter.insert(Constants.OBJ_BLOB, LfsPointers.write(pointer));
    }

    private LfsStore requireLfs() {
        return content.lfs().orElseThrow(() -> new ApiException(503, "lfs_unavailable",
                "LFS storage is not available right now; files that belong in LFS cannot be committed"));
    }

    private static ObjectId tree(NavigableMap<String, File> files, ObjectInserter inserter) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, File> e : files.entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(e.getKey());
            entry.setFileMode(e.getValue().mode());
            entry.setObjectId(e.getValue().id());
            builder.add(entry);
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    private static void move(Repository git, String refName, String branch, ObjectId expected, ObjectId newId,
                             PersonIdent ident, String message) throws IOException {
        RefUpdate update = git.updateRef(refName);
        update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
        update.setNewObjectId(newId);
        update.setRefLogIdent(ident);
        update.setRefLogMessage("commit (web): " + message.lines().findFirst().orElse(""), false);
        RefUpdate.Result result = update.update();
        switch (result) {
            case NEW, FAST_FORWARD -> {
            }
            case LOCK_FAILURE, REJECTED, REJECTED_CURRENT_BRANCH, REJECTED_MISSING_OBJECT, REJECTED_OTHER_REASON ->
                    throw new ApiException(409, "conflict", "Branch " + branch
                            + " was changed by someone else while committing; reload and retry", Map.of("branch", branch));
            default -> throw new IOException("Could not move " + refName + ": " + result);
        }
    }

    private void notifyChange(Repo repo, Repository git, String refName, ObjectId oldId, ObjectId newId, Subject actor) {
        try {
            long lfsBytes = content.lfs().isPresent() ? content.lfs().get().repoBytes(repo.id())
                    : LfsScan.referencedBytes(git);
            notifier.refUpdated(repo, git, refName, oldId, newId, lfsBytes, actor);
        } catch (IOException | RuntimeException e) {
            // the commit stands; the registry catches up with the next change
            LOG.warn("Commit {} on {} of {}: updating the registry failed", newId.name(), refName, repo.path(), e);
        }
    }

    private static PersonIdent ident(Subject author) {
        String name = author == null ? "anonymous" : author.getName();
        return new PersonIdent(name, name + "@users.noreply.csghub");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException conflict(String path, String why) {
        return new ApiException(409, "conflict", "Cannot write '" + path + "': " + why, Map.of("path", path));
    }

    private static ApiException missing(String path) {
        return new ApiException(404, "not_found", "Path '" + path + "' does not exist", Map.of("path", path));
    }
}
