package org.csghub.repo.git.internal.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent.LfsPointer;
import org.csghub.repo.git.internal.LfsPointers;
import org.csghub.rest.ApiException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A revision as a zip or tar.gz download, LFS files with their content. The whole size is computed from the
 * tree (and the LFS objects' sizes) before a byte is sent, so an archive over
 * {@code GitConfig.maxArchiveBytes} is refused with 413 instead of breaking off half-way.
 */
final class Archives {

    enum Format {
        ZIP(".zip", "application/zip"), TAR_GZ(".tar.gz", "application/gzip");

        final String suffix;
        final String mediaType;

        Format(String suffix, String mediaType) {
            this.suffix = suffix;
            this.mediaType = mediaType;
        }
    }

    /** One file of the archive: its bytes come from Git, or from LFS when {@code lfs} is set. */
    record Item(String path, FileMode mode, ObjectId blob, LfsPointer lfs, long size) {
    }

    /** What will be written: the commit, a top-level directory name, the files and their total size. */
    record Plan(String commit, String root, long commitTime, List<Item> items, long totalBytes) {
    }

    private final GitContent content;

    Archives(GitContent content) {
        this.content = content;
    }

    Plan plan(Repo repo, String revision) {
        long max = content.gitConfig().maxArchiveBytes();
        LfsStore lfs = content.lfs().orElse(null);
        return content.read(repo, (git, walk) -> {
            RevCommit c = Revisions.commit(git, walk, repo, revision);
            ObjectReader reader = walk.getObjectReader();
            List<Item> items = new ArrayList<>();
            long total = 0;
            try (TreeWalk tw = new TreeWalk(git, reader)) {
                tw.addTree(c.getTree());
                tw.setRecursive(true);
                while (tw.next()) {
                    FileMode mode = tw.getFileMode(0);
                    if (mode == FileMode.GITLINK) {
                        continue;
                    }
                    ObjectId id = tw.getObjectId(0);
                    long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
                    LfsPointer pointer = null;
                    if (mode != FileMode.SYMLINK && size <= LfsPointers.MAX_POINTER_BYTES && lfs != null) {
                        pointer = LfsPointers.parse(reader.open(id, Constants.OBJ_BLOB).getCachedBytes())
                                .filter(p -> stored(lfs, p))
                                .orElse(null);
                    }
                    if (pointer != null) {
                        size = pointer.size();
                    }
                    total += size;
                    if (total > max) {
                        throw new ApiException(413, "archive_too_large", "The content of " + repo.path() + " at "
                                + PathRules.printable(revision) + " is larger than the archive limit of " + max
                                + " bytes; clone it with Git (and Git LFS) instead", Map.of("limitBytes", max));
                    }
                    items.add(new Item(tw.getPathString(), mode, id, pointer, size));
                }
            }
            String root = repo.name() + "-" + revision.replaceAll("[^A-Za-z0-9._-]", "-");
            return new Plan(c.name(), root, c.getCommitTime() * 1000L, items, total);
        });
    }

    /** A pointer whose object the store does not have is archived as the pointer, as {@code git lfs} would. */
    private static boolean stored(LfsStore lfs, LfsPointer p) {
        try {
            return lfs.size(p.oid()).filter(s -> s == p.size()).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    void write(Repo repo, Plan plan, Format format, OutputStream out) throws IOException {
        try (Repository git = content.open(repo)) {
            if (format == Format.ZIP) {
                zip(git, plan, out);
            } else {
                tarGz(git, plan, out);
            }
        }
    }

    private void zip(Repository git, Plan plan, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        for (Item item : plan.items()) {
            ZipEntry entry = new ZipEntry(plan.root() + "/" + item.path());
            entry.setLastModifiedTime(FileTime.fromMillis(plan.commitTime()));
            zip.putNextEntry(entry);
            try (InputStream in = open(git, item)) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    private void tarGz(Repository git, Plan plan, OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Item item : plan.items()) {
            String name = plan.root() + "/" + item.path();
            if (item.mode() == FileMode.SYMLINK) {
                TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                link.setLinkName(new String(git.open(item.blob(), Constants.OBJ_BLOB).getCachedBytes(),
                        StandardCharsets.UTF_8));
                link.setModTime(plan.commitTime());
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
                continue;
            }
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setMode(item.mode() == FileMode.EXECUTABLE_FILE ? 0100755 : 0100644);
            entry.setSize(item.size());
            entry.setModTime(plan.commitTime());
            tar.putArchiveEntry(entry);
            try (InputStream in = open(git, item)) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        gz.finish();
        gz.flush();
    }

    private InputStream open(Repository git, Item item) throws IOException {
        if (item.lfs() != null) {
            return content.lfs().orElseThrow(() -> new IOException("LFS store went away")).open(item.lfs().oid(), 0, -1);
        }
        return git.open(item.blob(), Constants.OBJ_BLOB).openStream();
    }
}
