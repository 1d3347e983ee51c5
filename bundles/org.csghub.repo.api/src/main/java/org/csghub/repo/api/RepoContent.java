package org.csghub.repo.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.csghub.accounts.api.Subject;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What is inside a repository, read from Git, and the multi-file commit. No permission checks here: callers
 * check read (or write, for {@link #commit}) on {@link Repo#ref()} first.
 *
 * <p>A revision is a branch, a tag or a commit id (full or abbreviated). Unknown revisions and paths fail with
 * an {@code ApiException} 404; bad paths and ref names with 422; a commit whose {@code parentCommit} is no
 * longer the branch head with 409.
 */
@ProviderType
public interface RepoContent {

    /** The commit a revision names. */
    String resolve(Repo repo, String revision);

    List<Ref> branches(Repo repo);

    List<Ref> tags(Repo repo);

    /** Commits reachable from the revision, newest first, touching {@code path} if given. */
    List<CommitInfo> log(Repo repo, String revision, String path, int offset, int limit);

    /** A commit with its changes against its first parent (patches bounded in size). */
    CommitDetail commit(Repo repo, String revision);

    /**
     * A directory's entries (files and directories, {@code recursive}: files of the whole subtree), in path order,
     * from {@code cursor} (the last path of the previous page, or {@code null}).
     */
    TreePage tree(Repo repo, String revision, String path, boolean recursive, String cursor, int limit);

    /** One file or directory, or empty when the path does not exist at that revision. */
    Optional<Entry> entry(Repo repo, String revision, String path);

    /** The Git blob's bytes (for an LFS file: its pointer). */
    InputStream open(Repo repo, String revision, String path) throws IOException;

    /**
     * Of the given files (path to size), those a commit on the branch would store in LFS: larger than Git takes,
     * or tracked by the branch's {@code .gitattributes}.
     */
    java.util.Set<String> lfsPaths(Repo repo, String branch, java.util.Map<String, Long> sizes);

    /** Creates, updates, deletes and moves files in one commit on a branch; returns the new commit. */
    CommitInfo commit(Repo repo, CommitRequest request, Subject author) throws IOException;

    record Ref(String name, String commit) {
    }

    record Person(String name, String email, java.time.Instant when) {
    }

    record CommitInfo(String id, String message, Person author, Person committer, List<String> parents) {
    }

    /**
     * One file's change in a commit.
     *
     * @param change {@code add}, {@code modify}, {@code delete}, {@code rename} or {@code copy}
     * @param oldPath the path before, or {@code null} when added
     * @param newPath the path after, or {@code null} when deleted
     * @param patch the unified diff, or {@code null} for binary files and when the commit's diff budget is spent
     * @param truncated whether {@code patch} was cut short (or left out) to stay within the bounds
     */
    record FileChange(String change, String oldPath, String newPath, String patch, boolean binary, boolean truncated) {
    }

    /** @param truncated whether files were left out because the commit changes more than the listed bound */
    record CommitDetail(CommitInfo commit, List<FileChange> files, boolean truncated) {
    }

    /**
     * @param path the path from the repository root ({@code ""} for the root directory)
     * @param type {@code file}, {@code dir} or {@code submodule}
     * @param size the file's size: for an LFS file the object's size, not the pointer's
     * @param blobId the Git object id
     * @param lfs the LFS pointer when the file is stored in LFS, else {@code null}
     */
    record Entry(String path, String type, long size, String blobId, LfsPointer lfs) {
    }

    record LfsPointer(String oid, long size) {
    }

    /**
     * @param next the cursor for the next page, or {@code null} when this is the last: the last entry's path, with a
     *             trailing {@code /} when it is a directory
     */
    record TreePage(String revision, String commit, List<Entry> entries, String next) {
    }

    /**
     * One change of a commit.
     *
     * @param op {@code create}, {@code update}, {@code put} (create or update), {@code delete} or {@code move}
     * @param content the new bytes ({@code create}/{@code update}), or {@code null} when {@code lfs} is given
     * @param lfs an already stored LFS object to commit as a pointer ({@link LfsStore}), or {@code null}
     * @param from the source path of a {@code move}
     */
    record FileOp(String op, String path, byte[] content, LfsPointer lfs, String from) {
    }

    /**
     * @param branch the branch to commit on; a branch that does not exist yet is created, starting at
     *               {@code parentCommit} when given, else at the default branch's head (with no parent in an empty
     *               repository)
     * @param parentCommit when given, the commit fails with 409 unless the branch still points there
     */
    record CommitRequest(String branch, String message, String parentCommit, List<FileOp> operations) {
    }
}
